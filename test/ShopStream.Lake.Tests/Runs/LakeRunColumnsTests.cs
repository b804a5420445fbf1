using System.Globalization;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Tables;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>
/// The writer fills an event's columns a column at a time over runs of events, with shortcuts for a run whose field is
/// empty throughout (order details, country) or present throughout (category id). Fields that come and go within a
/// run, and runs with none of them, must land in bronze and silver exactly as each event had them.
/// </summary>
public sealed class LakeRunColumnsTests
{
    private const int Events = 700;

    [Fact]
    public async Task Fields_present_in_some_events_land_in_the_row_of_each_event()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, Events).Select(Line));
        using var run = new LakeRun(input);
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        await LakeViews.CreateAsync(connection, run.Storage, new LakeReadOptions(), temp.Path);

        const string Row = "concat_ws('|', event_id, user_id, coalesce(session_id, '-'), coalesce(category_id::VARCHAR, '-'), coalesce(country, '-'), coalesce(order_id, '-'), coalesce(payment_method, '-'), coalesce(order_total::VARCHAR, '-'), coalesce(utm_source, '-'), price::VARCHAR, quantity)";
        var expected = Enumerable.Range(0, Events).Select(Expected).ToList();
        foreach (string table in new[] { "bronze_events", "silver_events" })
        {
            var actual = new List<string>();
            using var result = connection.Query($"SELECT {Row} FROM {table} ORDER BY event_id");
            foreach (var chunk in result.Chunks())
            {
                for (int r = 0; r < chunk.RowCount; r++)
                    actual.Add(chunk.Column(0).String(r));
            }

            Assert.Equal(expected, actual);
        }
    }

    // Event i: a category unless i % 5 == 0; a country when i % 7 == 0; an order id when i % 4 == 0; order details
    // when i % 3 == 0 from event 300 on (the first 256-event run has none); a UUID session on odd events.
    private static string Line(int i)
    {
        string time = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var fields = new List<string>
        {
            $"\"event_id\":\"e-{i:D4}\"",
            $"\"event_time\":\"{time}\"",
            "\"event_type\":\"view\"",
            $"\"user_id\":{100 + (i % 9)}",
            $"\"product_id\":{i + 1}",
            $"\"price\":{i}.25",
            $"\"quantity\":{1 + (i % 3)}",
            $"\"session_id\":\"{Session(i)}\"",
        };
        if (i % 5 != 0)
            fields.Add($"\"category_id\":{1000 + i}");
        if (i % 7 == 0)
            fields.Add("\"country\":\"PL\"");
        if (i % 4 == 0)
            fields.Add($"\"order_id\":\"o-{i}\"");
        if (i % 3 == 0 && i >= 300)
            fields.Add($"\"payment_method\":\"card\",\"order_total\":{i}.5,\"utm_source\":\"mail\"");
        return "{" + string.Join(',', fields) + "}";
    }

    private static string Expected(int i) => string.Join('|',
        $"e-{i:D4}",
        100 + (i % 9),
        Session(i),
        i % 5 != 0 ? (1000 + i).ToString(CultureInfo.InvariantCulture) : "-",
        i % 7 == 0 ? "PL" : "-",
        i % 4 == 0 ? $"o-{i}" : "-",
        i % 3 == 0 && i >= 300 ? "card" : "-",
        i % 3 == 0 && i >= 300 ? $"{i}.5000" : "-",
        i % 3 == 0 && i >= 300 ? "mail" : "-",
        $"{i}.2500",
        1 + (i % 3));

    private static string Session(int i) => i % 2 == 1 ? new Guid(i, 0, 0, new byte[8]).ToString() : $"s-{i / 10}";
}
