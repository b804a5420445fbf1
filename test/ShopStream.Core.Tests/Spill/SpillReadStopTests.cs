using ShopStream.Core.Output;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Spill;

/// <summary>
/// A spilled run's results are read back through its spill files; reading that stops early (a failed write of the
/// results, a reader that takes only the first rows) closes them, rather than leaving them open for a garbage
/// collection to find (their folder is deleted with the run, but the disk space stays taken while a file is open).
/// </summary>
public sealed class SpillReadStopTests
{
    [Fact]
    public void Results_whose_writing_fails_midway_or_whose_reader_stops_early_leave_no_spill_file_open()
    {
        using var temp = new TempFolder();
        string spill = temp.File(".spill");
        var options = TestPipeline.Options(2) with { SpillFolder = spill, StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 7, SessionsPerSpillRun = 5 };
        using var result = TestPipeline.Run(ChurnInput.Csv(users: 400, seed: 9), options: options).Result;
        Assert.True(Directory.GetFiles(spill, "users-*.run", SearchOption.AllDirectories).Length > 20, "users were spilled in many runs");

        Assert.Throws<IOException>(() => ProfilesCsv.Write(Stream.Null, result, new FailingRows(after: 10)));
        Assert.Throws<IOException>(() => SessionsCsv.Write(Stream.Null, result, new FailingRows(after: 10)));
        Assert.NotEqual(0, result.Profiles.First().UserId);
        Assert.NotEqual(0, result.Sessions.First().UserId);

        Assert.Empty(OpenFilesUnder(spill));
    }

    // The files this process has open under folder (Linux: the links in /proc/self/fd).
    private static string[] OpenFilesUnder(string folder) =>
        [.. Directory.GetFiles("/proc/self/fd")
            .Select(fd => { try { return new FileInfo(fd).LinkTarget; } catch (IOException) { return null; } })
            .OfType<string>()
            .Where(target => target.StartsWith(folder, StringComparison.Ordinal))];

    // Takes rows until the given count, then fails as a full disk would.
    private sealed class FailingRows(int after) : IResultRowSink
    {
        private int _rows;

        public void Begin(long profiles, long sessions)
        {
        }

        public void Profile(in CustomerProfile profile) => Take();

        public void ProfilesDone()
        {
        }

        public void Session(in SessionRecord session) => Take();

        public void SessionsDone()
        {
        }

        private void Take()
        {
            if (++_rows > after)
                throw new IOException("No space left on device");
        }
    }
}
