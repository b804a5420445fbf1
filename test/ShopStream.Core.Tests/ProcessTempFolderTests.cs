using System.Diagnostics;
using ShopStream.Core.Output;

namespace ShopStream.Core.Tests;

public sealed class ProcessTempFolderTests
{
    [Fact]
    public void A_new_folder_deletes_those_of_ended_processes_whatever_their_purpose_and_keeps_the_rest()
    {
        int ended;
        using (var done = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            done.WaitForExit();
            ended = done.Id;
        }

        using var alive = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        string temp = Path.GetTempPath();
        string killed = Path.Combine(temp, $"shopstream-report-{ended}-{Guid.NewGuid():N}"); // a Ctrl+C'd report's downloads
        string running = Path.Combine(temp, $"shopstream-lake-serve-{alive.Id}-{Guid.NewGuid():N}");
        string otherForm = Path.Combine(temp, $"shopstream-report-{Guid.NewGuid():N}"); // no process in the name
        foreach (var folder in new[] { killed, running, otherForm })
            Directory.CreateDirectory(folder);
        try
        {
            string made = ProcessTempFolder.Create("compact");

            Assert.False(Directory.Exists(killed));
            Assert.True(Directory.Exists(running));
            Assert.True(Directory.Exists(otherForm));
            Assert.StartsWith(Path.Combine(temp, $"shopstream-compact-{Environment.ProcessId}-"), made, StringComparison.Ordinal);
            Assert.False(Directory.Exists(made)); // the caller makes it
        }
        finally
        {
            alive.Kill();
            foreach (var folder in new[] { killed, running, otherForm })
                ProcessTempFolder.Delete(folder);
        }
    }
}
