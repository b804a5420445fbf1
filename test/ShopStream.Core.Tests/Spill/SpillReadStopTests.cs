using ShopStream.Core.Output;
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

        Assert.Empty(OpenFiles.Under(spill));
    }
}
