using Microsoft.Win32.SafeHandles;

namespace ShopStream.Cli;

/// <summary>
/// Standard output for bulk writes that must stop when the reader goes: .NET's console stream drops writes to a
/// closed pipe without a word (it ignores EPIPE), so <c>generate | head</c> ran on to its end and reported success.
/// On a pipe, a <see cref="FileStream"/> over descriptor 1 is used instead, whose writes then fail with an
/// <see cref="IOException"/>. Anything else (a terminal, a file) keeps the console stream: a FileStream would write
/// a file at its own offset and leave the descriptor's behind, under whatever the shell writes there next.
/// </summary>
internal static class StandardOutput
{
    public static Stream Open()
    {
        if (OperatingSystem.IsWindows() || !Console.IsOutputRedirected)
            return Console.OpenStandardOutput();
        var pipe = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!pipe.CanSeek)
            return pipe;
        pipe.Dispose();
        return Console.OpenStandardOutput();
    }

    // EPIPE, which .NET on Linux and macOS puts in the HResult of the IOException it raises for it.
    private const int BrokenPipe = 32;

    /// <summary>Whether a write failed because the pipe's reader has gone (EPIPE), not for another reason such as a full disk.</summary>
    public static bool IsBrokenPipe(IOException ex) => !OperatingSystem.IsWindows() && ex.HResult == BrokenPipe;
}
