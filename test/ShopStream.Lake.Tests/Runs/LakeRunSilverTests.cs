using ShopStream.Core.Processing;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunSilverTests
{
    // Silver is written one event date at a time (a plain COPY per day): a session that starts before midnight must
    // still be found for its events after it, and a duplicate is left out whichever day it falls on.
    [Fact]
    public async Task Silver_has_one_file_per_day_and_a_session_across_midnight_keeps_its_start()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        File.WriteAllLines(input,
        [
            """{"event_id":"e-1","event_time":"2019-10-01T23:50:00Z","event_type":"view","user_id":7,"product_id":11,"price":1.5}""",
            """{"event_id":"e-2","event_time":"2019-10-02T00:05:00Z","event_type":"cart","user_id":7,"product_id":11,"price":1.5}""",
            """{"event_id":"e-2","event_time":"2019-10-02T00:05:00Z","event_type":"cart","user_id":7,"product_id":11,"price":1.5}""",
            """{"event_id":"e-3","event_time":"2019-10-03T10:00:00Z","event_type":"view","user_id":8,"product_id":12,"price":3}""",
        ]);
        using var run = new LakeRun(input);
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        Assert.Equal(3L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(
            "e-1 2019-10-01 2019-10-01 23:50,e-2 2019-10-02 2019-10-01 23:50,e-3 2019-10-03 2019-10-03 10:00",
            connection.Scalar("SELECT string_agg(event_id || ' ' || strftime(event_date, '%Y-%m-%d') || ' ' || strftime(session_start, '%Y-%m-%d %H:%M'), ',' ORDER BY event_id) FROM silver_events"));
        var log = File.ReadAllText(Path.Combine(run.LakeRoot, "silver/events/_delta_log/00000000000000000000.json"));
        Assert.Equal(3, log.Split("\"add\":").Length - 1);
        Assert.Contains("\"partitionValues\":{\"event_date\":\"2019-10-02\"}", log, StringComparison.Ordinal);
    }

    // Events of three dates interleaved, with row groups of two rows: the writer has two row group buffers for all
    // dates, so a third date takes the least recently used one, whose rows go out as a smaller row group. Every event
    // still lands in its date's file with its session, in bronze once, and the duplicate in bronze only.
    [Fact]
    public async Task Dates_that_take_turns_share_the_row_group_buffers_and_lose_no_event()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        string[] times = ["2019-10-01T01:00:00Z", "2019-10-02T01:00:00Z", "2019-10-03T01:00:00Z", "2019-10-01T01:10:00Z", "2019-10-03T01:10:00Z", "2019-10-02T01:10:00Z", "2019-10-01T01:20:00Z", "2019-10-03T01:20:00Z", "2019-10-02T01:20:00Z"];
        var lines = times.Select((t, i) => $$"""{"event_id":"e-{{i}}","event_time":"{{t}}","event_type":"view","user_id":{{7 + (i % 3)}},"product_id":11,"price":1}""").ToList();
        lines.Add(lines[4]);
        File.WriteAllLines(input, lines);
        using var run = new LakeRun(input, configure: b => b.WithRowsPerFile(2));
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        Assert.Equal(10L, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(9L, connection.Scalar("SELECT count(DISTINCT event_id) FROM bronze_events"));
        Assert.Equal(9L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM silver_events WHERE strftime(event_date, '%Y-%m-%d') <> strftime(event_time, '%Y-%m-%d') OR session_start IS NULL OR session_start > event_time"));
        Assert.Equal(
            "2019-10-01 3,2019-10-02 3,2019-10-03 3",
            connection.Scalar("SELECT string_agg(d || ' ' || n, ',' ORDER BY d) FROM (SELECT strftime(event_date, '%Y-%m-%d') AS d, count(*) AS n FROM silver_events GROUP BY ALL)"));
        Assert.Equal(run.Result.Summary.Sessions, connection.Scalar("SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events)"));
    }

    // SPEC: a duplicate is an event equal to an earlier one within the dedup horizon (48 h of event time). Silver
    // leaves out exactly the run's duplicates: a copy that comes after the stream has moved more than the horizon past
    // its twin is counted by the run, so silver keeps it, and so is each copy after it, whether or not the watermark
    // moved in between (one that had not moved was a duplicate: its minute was held again until the next move).
    [Fact]
    public async Task Silver_leaves_out_the_duplicates_the_run_counts_within_the_dedup_horizon_and_no_others()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        const string early = """{"event_id":"e-1","event_time":"2019-10-01T10:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1.5}""";
        File.WriteAllLines(input,
        [
            early,
            early, // within the horizon: a duplicate
            """{"event_id":"e-2","event_time":"2019-10-03T11:00:00Z","event_type":"view","user_id":8,"product_id":12,"price":3}""",
            early, // 49 h behind the watermark: its twin is forgotten, so the run counts it
            early, // the watermark has not moved: counted too (it was a duplicate of the one before)
            """{"event_id":"e-3","event_time":"2019-10-03T11:30:00Z","event_type":"view","user_id":8,"product_id":12,"price":3}""",
            early, // the watermark moved: counted again
        ]);
        using var run = new LakeRun(input);
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        var summary = run.Result.Summary;
        Assert.Equal(7, summary.EventsAccepted);
        Assert.Equal(1, summary.DuplicatesDropped);
        Assert.Equal(7L, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(6L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(4L, connection.Scalar("SELECT count(*) FROM silver_events WHERE event_id = 'e-1'"));
        Assert.Equal(summary.Users, connection.Scalar("SELECT count(DISTINCT user_id) FROM silver_events"));
    }

    // A writer told another horizon than the run's would leave out other events than the run counts: nothing is
    // committed.
    [Fact]
    public void A_writer_whose_dedup_settings_are_not_the_runs_commits_nothing()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        const string early = """{"event_id":"e-1","event_time":"2019-10-01T10:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1.5}""";
        File.WriteAllLines(input, [early, """{"event_id":"e-2","event_time":"2019-10-03T11:00:00Z","event_type":"view","user_id":8,"product_id":12,"price":3}""", early]);
        var ex = Assert.Throws<InvalidOperationException>(() => new LakeRun(input, configure: b => b.ForPipeline(new PipelineOptions { DedupHorizon = TimeSpan.FromDays(7) })));
        Assert.Contains("silver left out 1 duplicates where the run counted 0", ex.Message, StringComparison.Ordinal);
    }

    // Copies of earlier events at random delays, some within a one-hour horizon, some beyond it, read by three
    // partitions: the lake writer decides on its own thread, in input order, what each partition decides for its
    // users, and FinishAsync refuses to commit when the counts differ.
    [Fact]
    public async Task Silver_leaves_out_what_three_partitions_count_when_copies_come_at_random_delays()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        var random = new Random(46);
        var start = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var lines = new List<string>();
        for (int i = 0; i < 3_000; i++)
        {
            var time = start.AddSeconds((i * 20) + random.Next(-200, 200)); // about time order, a few minutes out of it
            lines.Add($$"""{"event_id":"e-{{i}}","event_time":"{{time:yyyy-MM-ddTHH:mm:ssZ}}","event_type":"view","user_id":{{1 + random.Next(40)}},"product_id":11,"price":1}""");
            if (i > 0 && random.Next(4) == 0)
                lines.Add(lines[Math.Max(0, lines.Count - 1 - random.Next(1, 500))]); // up to 500 lines, about 2 h, back
        }

        File.WriteAllLines(input, lines);
        var options = new PipelineOptions { Partitions = 3, DedupHorizon = TimeSpan.FromHours(1) };
        using var run = new LakeRun(input, options);
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        var summary = run.Result.Summary;
        long copies = lines.Count - 3_000;
        long uncounted = copies - summary.DuplicatesDropped; // copies the run counted: their twins were past the horizon
        Assert.InRange(summary.DuplicatesDropped, copies / 4, copies - 1);
        Assert.True(uncounted > copies / 10, $"{uncounted} of {copies} copies beyond the horizon");
        Assert.Equal(summary.EventsAccepted - summary.DuplicatesDropped, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal(3_000L, connection.Scalar("SELECT count(DISTINCT event_id) FROM silver_events"));
    }
}
