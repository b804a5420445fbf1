using System.Globalization;
using System.Text;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Checkpoints;

/// <summary>Open orders, with their payment, money and attribution, survive a checkpoint and a resume.</summary>
public sealed class OrderCheckpointTests
{
    [Fact]
    public void Orders_resumed_from_any_checkpoint_end_with_the_same_details_as_an_uninterrupted_run()
    {
        using var temp = new TempFolder();
        string input = temp.File("orders.jsonl");
        File.WriteAllText(input, OrdersJsonLines(orders: 600));
        var options = new PipelineOptions { Partitions = 3, ParseThreads = 1, BatchSize = 64 };

        string clean = temp.File("clean");
        CheckpointedRun.Run(input, clean, options, CheckpointPolicy.EveryNEvents(long.MaxValue));
        var expected = CheckpointedRun.Outputs(clean);
        string[] rows = File.ReadAllLines(Path.Combine(clean, "orders.csv"));
        Assert.Equal(601, rows.Length);
        Assert.Contains(rows, r => r.EndsWith(",card,email,newsletter,email,week_3", StringComparison.Ordinal));

        string full = temp.File("full");
        var checkpointed = CheckpointedRun.Run(input, full, options, CheckpointPolicy.EveryNEvents(150), keep: int.MaxValue);
        Assert.True(checkpointed.Written >= 5, $"only {checkpointed.Written} checkpoints");
        foreach (string checkpoint in new CheckpointStore(Path.Combine(full, "checkpoint")).Files())
        {
            string resumed = temp.File("resumed-" + Path.GetFileNameWithoutExtension(checkpoint));
            Directory.CreateDirectory(Path.Combine(resumed, "checkpoint"));
            File.Copy(checkpoint, Path.Combine(resumed, "checkpoint", Path.GetFileName(checkpoint)));

            var run = CheckpointedRun.Run(input, resumed, options, CheckpointPolicy.EveryNEvents(long.MaxValue));

            Assert.NotNull(run.Restored);
            Assert.Equal(expected, CheckpointedRun.Outputs(resumed));
        }
    }

    // Orders of 1..3 lines whose lines are spread out (an order's last line comes ~40 lines after its first), so
    // checkpoints fall between lines of open orders; every fourth order has no details at all.
    private static string OrdersJsonLines(int orders)
    {
        var lines = new SortedList<(int, int), string>();
        var start = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int o = 0; o < orders; o++)
        {
            string details = (o % 4) switch
            {
                0 => "",
                1 => $",\"payment_method\":\"card\",\"tax\":{o % 7}.{o % 100:00},\"shipping\":4.99,\"order_total\":{o}.50,\"channel\":\"email\",\"utm_source\":\"newsletter\",\"utm_medium\":\"email\",\"utm_campaign\":\"week_{o % 5}\"",
                2 => ",\"payment_method\":\"paypal\",\"shipping\":0.00,\"channel\":\"organic\"",
                _ => $",\"tax\":\"{o % 3}.10\",\"order_subtotal\":\"{o}.00\"",
            };
            for (int line = 0; line <= o % 3; line++)
            {
                string time = (start + TimeSpan.FromSeconds((o * 10) + line)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                lines.Add((o + (line * 40), line),
                    $$"""{"event_time":"{{time}}","event_type":"purchase","user_id":{{1 + (o % 37)}},"product_id":{{100 + line}},"price":{{1 + (o % 9)}}.25,"quantity":{{1 + line}},"order_id":"O{{o}}"{{details}}}""");
            }
        }

        return new StringBuilder().AppendJoin('\n', lines.Values).Append('\n').ToString();
    }
}
