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
}
