using System.Globalization;
using System.Text;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunLargeTests
{
    [Fact]
    public async Task Events_streamed_into_several_bronze_files_keep_their_sessions_and_duplicates()
    {
        // About 150,000 events (seven or eight bronze files of 20,000 or more, written while the run reads, through a queue of two
        // batches so the reader keeps waiting for the writer) over two days: 3,000 users, each visiting in runs of 10 events seconds apart, hours between visits (so many
        // sessions per user); every 50th row repeated (a duplicate).
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        var csv = new StringBuilder("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n");
        var t = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 147_000; i++)
        {
            t = t.AddSeconds(i % 7 == 0 ? 3 : 1);
            string row = string.Create(CultureInfo.InvariantCulture,
                $"{t:yyyy-MM-dd HH:mm:ss} UTC,{(i % 20 == 0 ? "purchase" : "view")},{1000 + (i % 97)},2053013552326770905,electronics.smartphone,brand{i % 13},{(i % 100) + 0.99m},{500000000 + (i / 10 % 3000)},\n");
            csv.Append(row);
            if (i % 50 == 0)
                csv.Append(row);
        }

        File.WriteAllText(input, csv.ToString());
        using var run = new LakeRun(input, configure: b => b.WithRowsPerFile(20_000).WithQueueBlocks(2));
        var summary = run.Result.Summary;
        Assert.True(summary.EventsAccepted > 2 * 65536);
        Assert.Equal(2940, summary.DuplicatesDropped);
        Assert.InRange(summary.Sessions, 14_000, 15_000);
        // A file ends with a whole row group (of at most 20,000 rows, shared with silver), once it has 20,000 rows or more.
        Assert.InRange(run.Tables.Single(t => t.Table == "bronze/events").Files, (int)(summary.EventsAccepted / 20_000), (int)((summary.EventsAccepted + 19_999) / 20_000));
        Assert.True(run.QueueWaits > 0, "the reader never waited for the writer: the queue was not bounded");

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);
        Assert.Equal(summary.EventsAccepted, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(summary.EventsAccepted - summary.DuplicatesDropped, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(summary.Sessions, connection.Scalar("SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events)"));
        Assert.Equal(summary.Users, connection.Scalar("SELECT count(DISTINCT user_id) FROM silver_events"));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM silver_events WHERE session_start IS NULL OR session_start > event_time"));
        Assert.Equal(decimal.Round(summary.Revenue, 2), connection.Scalar("SELECT round(sum(price * quantity), 2) FROM silver_events WHERE event_type = 'purchase'"));
        Assert.Equal(0L, connection.Scalar("""
            SELECT count(*) FROM silver_events e LEFT JOIN gold_sessions s
              ON e.user_id = s.user_id AND e.session_start = s.session_start AND e.event_time BETWEEN s.session_start AND s.session_end
            WHERE s.user_id IS NULL
            """));
    }
}
