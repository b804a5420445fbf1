namespace ShopStream.Core.Output;

/// <summary>Whether a process of this machine has ended: the writer of a temporary file or folder left behind, which may then go.</summary>
public static class EndedProcess
{
    /// <summary>False for this process and for one still running (or a new one given the same id: its leftover waits).</summary>
    public static bool Is(int pid)
    {
        if (pid == Environment.ProcessId)
            return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
