using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Tests.Tables;

/// <summary>A <c>gold/run_summary</c> row reads back as the summary it was written from, counts in their order and odd names included.</summary>
public sealed class RunSummaryRowTests
{
    [Fact]
    public void A_written_summary_reads_back_equal()
    {
        var summary = new RunSummary
        {
            EventsRead = 10, EventsAccepted = 8, EventsRejected = 2, DuplicatesDropped = 1,
            RejectedByReason = [new("missing_field", 2), new("bad_json", 0)],
            EventsByType = [new("view", 5), new("purchase", 2), new("it's \"odd\"", 1)],
            Users = 3, Sessions = 4, SessionsWithPurchase = 1, PurchasingUsers = 1, Revenue = 12.3456m,
            Segments = [new("high_value", 0), new("casual", 3)],
            LateEvents = 6, LateEventsDropped = 1, SessionsWithCart = 3, AbandonedSessions = 2,
        };
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        string file = Path.Combine(Path.GetTempPath(), $"shopstream-summary-{Guid.NewGuid():N}.parquet");
        using (var writer = new ParquetFileWriter(file, ParquetColumn.FromDelta(LakeTables.GoldRunSummary.Schema), new ParquetWriteOptions()))
        {
            RunSummaryRow.Write(writer, summary);
            writer.Close();
        }

        connection.Execute($"CREATE TABLE gold_run_summary AS SELECT * FROM read_parquet({SqlText.Literal(file)})");
        File.Delete(file);
        using var result = connection.Query(RunSummaryRow.SelectSql);
        using var chunk = result.NextChunk()!;

        Assert.Equal(1, chunk.RowCount);
        var read = RunSummaryRow.Read(chunk, 0);
        Assert.Equal(summary with { RejectedByReason = [], EventsByType = [], Segments = [] }, read with { RejectedByReason = [], EventsByType = [], Segments = [] });
        Assert.Equal(summary.RejectedByReason, read.RejectedByReason);
        Assert.Equal(summary.EventsByType, read.EventsByType);
        Assert.Equal(summary.Segments, read.Segments);
        Assert.Equal(0.6667m, (decimal)connection.Scalar("SELECT cart_abandonment_rate FROM gold_run_summary")!);
    }
}
