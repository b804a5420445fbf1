using ShopStream.Core.Output;
using ShopStream.Core.Tests.Spill;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>Result files are written under a temporary name and renamed; a write that fails leaves neither half.</summary>
public sealed class ResultFilesFailureTests
{
    [Fact]
    public void Results_whose_writing_fails_leave_no_temporary_file_no_file_open_and_no_summary()
    {
        using var temp = new TempFolder();
        using var result = TestPipeline.Run(ChurnInput.Csv(users: 50, seed: 3)).Result;
        var output = new RunDirectory(temp.File("out"));
        output.WriteResults(result); // an earlier run's results, whole

        // The writer's own IOException, not the AggregateException of the parallel writers (which the commands did
        // not turn into one line: a full disk was a stack trace).
        var error = Assert.Throws<IOException>(() => output.WriteResults(result, rows: new FailingRows(after: 10)));

        Assert.Equal("No space left on device", error.Message);
        Assert.Empty(Directory.GetFiles(output.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(OpenFiles.Under(output.Path));
        // Without its summary the folder reads as a run that did not finish, not as the earlier one whole.
        Assert.False(File.Exists(output.SummaryFile));
    }
}
