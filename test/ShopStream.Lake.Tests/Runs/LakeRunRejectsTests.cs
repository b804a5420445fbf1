using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

public sealed class LakeRunRejectsTests
{
    [Fact]
    public async Task Rejected_records_land_in_quarantine_with_their_reasons_and_json_ids_in_bronze()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        File.WriteAllLines(input,
        [
            """{"event_id":"e-1","event_time":"2019-10-01T00:00:00Z","event_type":"view","user_id":7,"product_id":11,"price":1.5}""",
            """{"event_id":"e-2","event_time":"2019-10-01T00:10:00Z","event_type":"purchase","user_id":7,"product_id":11,"price":1.50,"quantity":2,"order_id":"o-1","country":"PL"}""",
            """{"event_id":"e-2","event_time":"2019-10-01T00:10:00Z","event_type":"purchase","user_id":7,"product_id":11,"price":1.50,"quantity":2,"order_id":"o-1","country":"PL"}""",
            """{"event_id":"e-3","event_time":"2019-10-02T09:00:00Z","event_type":"teleport","user_id":7,"product_id":11,"price":1}""",
            "not json at all",
            """{"event_id":"e-4","event_time":"2019-10-02T09:00:00Z","event_type":"cart","user_id":8,"product_id":12,"price":-3}""",
            """{"event_id":"e-5","event_time":"2019-10-02T09:00:00Z","event_type":"cart","user_id":8,"product_id":12,"price":3}""",
        ]);
        using var run = new LakeRun(input);
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        Assert.Equal(run.Result.Summary.EventsRejected, connection.Scalar("SELECT count(*) FROM quarantine_rejected"));
        Assert.Equal(3L, connection.Scalar("SELECT count(*) FROM quarantine_rejected"));
        Assert.Equal("event_type,json,price", connection.Scalar("SELECT string_agg(reason, ',' ORDER BY reason) FROM quarantine_rejected"));
        Assert.Equal("not json at all", connection.Scalar("SELECT raw FROM quarantine_rejected WHERE reason = 'json'"));
        Assert.Equal(5L, connection.Scalar("SELECT max(line) FROM quarantine_rejected WHERE reason = 'json'"));

        Assert.Equal(4L, connection.Scalar("SELECT count(*) FROM bronze_events"));
        Assert.Equal(3L, connection.Scalar("SELECT count(*) FROM silver_events"));
        Assert.Equal("e-1,e-2,e-5", connection.Scalar("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM silver_events"));
        Assert.Equal(3.00m, connection.Scalar("SELECT sum(price * quantity) FROM silver_events WHERE event_type = 'purchase'"));
        Assert.Equal("o-1 PL", connection.Scalar("SELECT order_id || ' ' || country FROM silver_events WHERE event_id = 'e-2'"));
        Assert.Equal(2L, connection.Scalar("SELECT count(DISTINCT event_date) FROM silver_events"));
        Assert.Equal(1L, connection.Scalar("SELECT count(DISTINCT session_start) FROM silver_events WHERE user_id = 7"));
    }
}
