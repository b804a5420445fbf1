using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Windows;

/// <summary>Input that starts without any accepted event (an empty first file, rejected records) has no watermark yet.</summary>
public sealed class NoEventYetTests
{
    [Fact]
    public void A_first_batch_without_events_sends_no_heartbeat_and_changes_nothing()
    {
        var rejected = Encoding.UTF8.GetBytes(Rees46Rows.Header + "\n" + string.Concat(Enumerable.Repeat("not,a,record\n", 40)));
        var options = TestPipeline.Options(2) with { BatchSize = 16 }; // the rejects fill whole batches before any event
        var reference = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, options);

        var run = TestPipeline.Run(
            [InputFile.FromStream("rejects.csv", new MemoryStream(rejected)), InputFile.FromPath(RepoPaths.Rees46Sample)],
            InputFormat.Rees46,
            options);

        Assert.Equal(40, run.Summary.EventsRejected);
        Assert.Equal(reference.Summary.Sessions, run.Summary.Sessions);
        Assert.Equal(reference.Sessions, run.Sessions);
    }
}
