using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Runs;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunStreamingTests
{
    [Fact]
    public async Task Events_too_late_for_the_windows_keep_their_sessions_and_duplicates_across_files_go()
    {
        // Two bronze rows a file, so the repeated e-1 lands in another file than its first copy. The watermark jumps
        // three days with user 9, past the 48 h lateness, so the windows drop e-5, e-6 and e-7, but sessions still count
        // them. e-7 comes at 00:05, inside user 7's finished 00:00-00:10 session: it opens a session of its own, which
        // the run joins to that one, so all three events have session_start 00:00.
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        File.WriteAllLines(input,
        [
            """{"event_id":"e-1","event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1}""",
            """{"event_id":"e-2","event_time":"2019-10-01T00:10:00Z","event_type":"view","user_id":7,"product_id":11,"price":1}""",
            """{"event_id":"e-3","event_time":"2019-10-01T00:05:00Z","event_type":"view","user_id":8,"product_id":11,"price":1}""",
            """{"event_id":"e-1","event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1}""",
            """{"event_id":"e-4","event_time":"2019-10-04T00:00:00Z","event_type":"view","user_id":9,"product_id":11,"price":1}""",
            """{"event_id":"e-5","event_time":"2019-10-01T02:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1}""",
            """{"event_id":"e-6","event_time":"2019-10-01T01:00:00Z","event_type":"view","user_id":10,"product_id":11,"price":1}""",
            """{"event_id":"e-7","event_time":"2019-10-01T00:05:00Z","event_type":"view","user_id":7,"product_id":11,"price":1}""",
        ]);
        using var run = new LakeRun(input, new PipelineOptions { BatchSize = 2 }, configure: b => b.WithRowsPerFile(2));
        Assert.Equal(3, run.Result.Summary.LateEventsDropped);
        Assert.Equal(4, run.Tables.Single(t => t.Table == "bronze/events").Files);

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);
        Assert.Equal(8L, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal("e-1,e-2,e-3,e-4,e-5,e-6,e-7", connection.Scalar("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM silver_events"));
        Assert.Equal(
            "e-1 00:00,e-2 00:00,e-3 00:05,e-4 00:00,e-5 02:00,e-6 01:00,e-7 00:00",
            connection.Scalar("SELECT string_agg(event_id || ' ' || coalesce(strftime(session_start, '%H:%M'), '-'), ',' ORDER BY event_id) FROM silver_events"));

        Assert.Equal("00:00-00:10 3,02:00-02:00 1", connection.Scalar(
            "SELECT string_agg(strftime(session_start, '%H:%M') || '-' || strftime(session_end, '%H:%M') || ' ' || events, ',' ORDER BY session_start) FROM gold_sessions WHERE user_id = 7"));

        // session_start is each event's user's last session starting at or before it.
        Assert.Equal(0L, connection.Scalar("""
            SELECT count(*) FROM silver_events e ASOF LEFT JOIN gold_sessions s ON e.user_id = s.user_id AND e.event_time >= s.session_start
            WHERE e.session_start IS DISTINCT FROM s.session_start
            """));
    }

    [Fact]
    public async Task A_run_without_events_commits_every_table_empty_but_its_summary()
    {
        using var temp = new TempFolder();
        string input = temp.File("empty.csv");
        File.WriteAllText(input, "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n");
        using var run = new LakeRun(input);
        // The run summary last: its commit names the versions of the others (LakeCut).
        Assert.Equal(LakeTables.All.Except([LakeTables.GoldRunSummary]).Append(LakeTables.GoldRunSummary).Select(t => t.Path), run.Tables.Select(t => t.Table));
        Assert.All(run.Tables, t => Assert.Equal(t.Table == LakeTables.GoldRunSummary.Path ? 1L : 0L, t.Rows));

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(0L, connection.Scalar("SELECT events_read FROM gold_run_summary"));
    }

    [Fact]
    public void A_writer_failure_stops_the_run_and_commits_nothing()
    {
        // The bronze folder becomes a file after the writer opened it, so the first bronze file cannot be written.
        using var temp = new TempFolder();
        string lake = temp.File("lake");
        var storage = new LocalLakeStorage(lake);
        var output = new RunDirectory(temp.File("run"));
        Directory.CreateDirectory(output.Path);
        var options = new PipelineOptions { BatchSize = 100 };
        using (var writer = new LakeRunWriterBuilder(storage, temp.File("staging")).WithRowsPerFile(500).WithQueueBlocks(2).Build())
        {
            string bronze = Path.Combine(lake, "bronze", "events");
            Directory.Delete(bronze);
            File.WriteAllText(bronze, "not a folder");
            using var deadLetters = output.OpenDeadLetters();
            var reader = new EventReader(InputFiles.Resolve(RepoPaths.Rees46Sample), null, deadLetters, options.BatchSize, options.ParseThreads);
            Assert.ThrowsAny<IOException>(() => StreamPipeline.Run(reader, options, checkpoints: null, observe: writer.Observe));
            Assert.True(reader.Counters.Read < 5000, $"the run read all {reader.Counters.Read} records after the writer had failed");
        }

        Assert.Empty(Directory.EnumerateDirectories(lake, "_delta_log", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(temp.File("staging")));
    }

    [Fact]
    public void A_writer_that_cannot_open_gold_stops_what_it_had_started()
    {
        // gold/profiles is a file, so the writer fails after silver's encoding thread has started and its staging
        // folder was made: both are gone again when the error comes out.
        using var temp = new TempFolder();
        string lake = temp.File("lake");
        Directory.CreateDirectory(Path.Combine(lake, "gold"));
        File.WriteAllText(Path.Combine(lake, "gold", "profiles"), "not a folder");

        Assert.ThrowsAny<IOException>(() => new LakeRunWriterBuilder(new LocalLakeStorage(lake), temp.File("staging")).Build());

        Assert.False(Directory.Exists(temp.File("staging")));
    }
}
