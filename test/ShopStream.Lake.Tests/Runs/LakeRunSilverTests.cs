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
}
