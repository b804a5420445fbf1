using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Orders;
using ShopStream.Kafka.Orders;
using ShopStream.Tests;
using UserPartitioner = ShopStream.Core.Processing.Partitioner;

namespace ShopStream.Kafka.Tests;

/// <summary>shop.orders: whole orders published by ingest and generate, read back typed with <see cref="KafkaOrderReader"/>.</summary>
[Collection(IngestCluster.Name)]
public sealed class OrdersTopicTests(KafkaCluster cluster)
{
    [Fact]
    public void Generate_to_kafka_publishes_each_order_of_its_json_lines_once_keyed_and_placed_by_user()
    {
        var options = cluster.NewTopics("orders-gen");
        using var temp = new TempFolder();
        string[] traffic = ["generate", "-n", "4000", "--seed", "5", "--products", "500", "--format", "jsonl"];
        var file = Shopstream.Run([.. traffic, "--to", temp.File("traffic.jsonl"), "--quiet"]);
        var kafka = Shopstream.Run([.. traffic, "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events,
            "--orders-topic", options.Topics.Orders, "--rejected", temp.File("rejected.jsonl")]);
        Assert.Equal(0, file.ExitCode);
        Assert.True(kafka.ExitCode == 0, kafka.Error);

        var expected = ExpectedOrders(temp.File("traffic.jsonl"));
        Assert.True(expected.Count > 20, $"only {expected.Count} orders");
        Assert.Contains($"orders: {expected.Count:N0} published to {options.Topics.Orders}", kafka.Error, StringComparison.Ordinal);
        using var reader = new KafkaOrderReader(options);
        var orders = reader.Read(TimeSpan.FromSeconds(3)).ToList();

        Assert.Equal(0, reader.Invalid);
        Assert.Equal(expected, orders.Select(Summary).OrderBy(o => o).ToList());
        Assert.Contains(orders, o => o.Tax > 0 && o.PaymentMethod is not null && o.Channel is not null);
        Assert.All(orders, o => Assert.Equal(o.Items.Sum(i => i.Price * i.Quantity), o.Subtotal));
        AssertKeyedAndPlacedByUser(options, expected.Count);
    }

    [Theory]
    [InlineData(ShopOrderJson.MaxItems + 1, 256 * 1024)] // over the items a reader takes
    [InlineData(100, 2048)] // over the bytes a reader takes
    public void An_order_too_large_for_its_readers_is_left_out_and_counted_and_the_ingest_goes_on(int lines, int maxValueBytes)
    {
        // An order of 20,000 lines was over the producer's message size: the ingest stopped at it, and so did every run again.
        var options = cluster.NewTopics("orders-large") with { MaxValueBytes = maxValueBytes };
        using var temp = new TempFolder();
        var csv = new System.Text.StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        for (int i = 0; i < lines; i++)
            csv.Append(CultureInfo.InvariantCulture, $"536365,{10000 + i},ITEM {i},1,12/1/2010 8:26,2.55,17850.0,United Kingdom\n");
        csv.Append("536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17851.0,United Kingdom\n");
        File.WriteAllText(temp.File("orders.csv"), csv.ToString());

        IngestResult result;
        KafkaOrderPublisher publisher;
        using (var log = new KafkaLogBuilder(options).Build())
        using (publisher = new KafkaOrderPublisher(options, TimeSpan.FromMinutes(5)))
            result = new LogIngest([InputFile.FromPath(temp.File("orders.csv"))], null, log, temp.File("rejected.jsonl")) { Observer = publisher }.Run();

        Assert.Equal(lines + 1, result.Accepted); // every line is on the events topic
        Assert.Equal(1, publisher.TooLarge);
        Assert.Equal(1, publisher.Published);
        using var reader = new KafkaOrderReader(options);
        Assert.Equal("536366", Assert.Single(reader.Read(TimeSpan.FromSeconds(3))).OrderId);
        Assert.Equal(0, reader.Invalid);
    }

    [Fact]
    public void An_ingest_that_crashed_publishes_every_order_after_resuming_and_repeats_only_those_of_the_blocks_in_flight()
    {
        var options = cluster.NewTopics("orders-resume");
        using var temp = new TempFolder();
        var file = Shopstream.Run("generate", "-n", "6000", "--seed", "9", "--products", "500", "--sessions-per-hour", "600", "--format", "jsonl", "--to", temp.File("traffic.jsonl"), "--quiet");
        Assert.Equal(0, file.ExitCode);
        var input = InputFile.FromPath(temp.File("traffic.jsonl"));
        var expected = ExpectedOrders(temp.File("traffic.jsonl"));
        long beforeCrash;
        using (var log = new KafkaLogBuilder(options).Build())
        using (var orders = new KafkaOrderPublisher(options, TimeSpan.FromMinutes(5)))
        {
            var crashing = new CrashingLog(log, crashAt: 30);
            var ingest = new LogIngest([input], null, crashing, temp.File("rejected.jsonl"), batchSize: 300) { Observer = orders };
            Assert.Throws<IOException>(() => ingest.Run());
            beforeCrash = orders.Published;
        }

        long afterCrash;
        using (var log = new KafkaLogBuilder(options).Build())
        using (var orders = new KafkaOrderPublisher(options, TimeSpan.FromMinutes(5)))
        {
            var result = new LogIngest([input], null, log, temp.File("rejected.jsonl"), batchSize: 300) { Observer = orders }.Run();
            Assert.NotNull(result.ResumedAfter);
            afterCrash = orders.Published;
        }

        using var reader = new KafkaOrderReader(options);
        var all = reader.Read(TimeSpan.FromSeconds(3)).ToList();
        var distinct = all.DistinctBy(o => (o.UserId, o.OrderId)).ToList();

        Assert.True(beforeCrash > 0, "no order was complete before the crash");
        Assert.Equal(expected, distinct.Select(Summary).OrderBy(o => o).ToList());
        Assert.Equal(beforeCrash + afterCrash, all.Count);
        // What the blocks in flight at the crash had completed: two, as a block's events are appended once the next
        // block with events is read (10 orders a block, at most, in this traffic).
        Assert.InRange(all.Count - distinct.Count, 0, 20);
    }

    [Fact]
    public void Lines_of_an_order_that_come_after_it_was_published_are_counted_not_lost_silently()
    {
        // The UCI sample is shuffled: many invoices' lines are hours apart, beyond the 5 minutes an order waits.
        var options = cluster.NewTopics("orders-late");
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.OrdersSample);
        KafkaOrderPublisher publisher;
        using (var log = new KafkaLogBuilder(options).Build())
        using (publisher = new KafkaOrderPublisher(options, TimeSpan.FromMinutes(5)))
            new LogIngest([input], null, log, temp.File("rejected.jsonl")) { Observer = publisher }.Run();

        using var reader = new KafkaOrderReader(options);
        var orders = reader.Read(TimeSpan.FromSeconds(3)).ToList();
        long purchaseLines = 0;
        new EventReader([input], null, new ShopStream.Core.Output.DeadLetterWriter(Stream.Null)).ReadAll(
            b => purchaseLines += b.Events.AsSpan(0, b.Count).ToArray().Count(e => e.Type == ShopStream.Core.Events.EventType.Purchase));

        using (var log = new KafkaLogBuilder(options with { Topics = options.Topics with { Events = options.Topics.Orders, Orders = options.Topics.Orders + "-unused" } }).Build())
            Assert.Equal(publisher.Published, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p) - log.StartOffset(p)));
        Assert.Equal((0L, (string?)null), (reader.Invalid, reader.LastError));
        Assert.Equal(publisher.Published, orders.Count);
        Assert.True(publisher.Assembler.LateLines > 0);
        Assert.Equal(purchaseLines, orders.Sum(o => (long)o.Items.Count) + publisher.Assembler.LateLines + publisher.Assembler.DuplicateLines);
        // Ids of published orders are remembered for 48 h of event time: only lines later than that start a second message.
        Assert.InRange(orders.DistinctBy(o => (o.UserId, o.OrderId)).Count(), orders.Count * 9 / 10, orders.Count - 1);
        Assert.All(orders, o => Assert.Null(o.Tax)); // the UCI layout has no order-level money
    }

    [Fact]
    public void A_record_that_is_not_an_order_is_skipped_and_counted_by_the_reader()
    {
        var options = cluster.NewTopics("orders-poison");
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            producer.Produce(new TopicPartition(options.Topics.Orders, 0), new Message<string, string> { Key = "7", Value = "not json" });
            producer.Produce(new TopicPartition(options.Topics.Orders, 0), new Message<string, string> { Key = "7", Value = Valid.Replace("\"tax\":1.50", "\"tax\":-1.50", StringComparison.Ordinal) });
            producer.Produce(new TopicPartition(options.Topics.Orders, 0), new Message<string, string> { Key = "7", Value = Valid });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using var reader = new KafkaOrderReader(options);
        var orders = reader.Read(TimeSpan.FromSeconds(2)).ToList();

        var order = Assert.Single(orders);
        Assert.Equal(("O-1", 7L, 1.50m, "email"), (order.OrderId, order.UserId, order.Tax, order.Channel));
        Assert.Equal(2, reader.Invalid);
        Assert.Contains("tax -1.50 is negative", reader.LastError, StringComparison.Ordinal);
    }

    private const string Valid =
        """{"schema_version":1,"order_id":"O-1","user_id":7,"order_time":"2019-10-01T10:00:00Z","items":[{"product_id":3,"price":12.50,"quantity":2}],"subtotal":25.00,"tax":1.50,"channel":"email"}""";

    // Independently of ShopStream: purchase lines of the generated file grouped by user and order id.
    private static List<string> ExpectedOrders(string path) =>
        File.ReadLines(path)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event_type").GetString() == "purchase")
            .GroupBy(e => (User: e.GetProperty("user_id").GetInt64(), Order: e.GetProperty("order_id").GetString()!))
            .Select(g => string.Join('|', g.Key.User, g.Key.Order, g.Count(), g.Sum(e => e.GetProperty("price").GetDecimal() * e.GetProperty("quantity").GetInt32()).ToString("F2", CultureInfo.InvariantCulture),
                g.First().GetProperty("tax").GetDecimal().ToString("F2", CultureInfo.InvariantCulture), g.First().GetProperty("order_total").GetDecimal().ToString("F2", CultureInfo.InvariantCulture),
                g.First().GetProperty("payment_method").GetString()))
            .OrderBy(s => s)
            .ToList();

    private static string Summary(ShopOrder o) =>
        string.Join('|', o.UserId, o.OrderId, o.Items.Count, o.Subtotal.ToString("F2", CultureInfo.InvariantCulture),
            o.Tax?.ToString("F2", CultureInfo.InvariantCulture), o.Total?.ToString("F2", CultureInfo.InvariantCulture), o.PaymentMethod);

    private void AssertKeyedAndPlacedByUser(KafkaLogOptions options, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "orders-check-" + Guid.NewGuid(), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(options.Topics.Orders);
        var records = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
                records.Add(r);
        }

        consumer.Close();
        Assert.Equal(expected, records.Count);
        foreach (var r in records)
        {
            long user = JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("user_id").GetInt64();
            Assert.Equal(user.ToString(CultureInfo.InvariantCulture), r.Message.Key);
            Assert.Equal(UserPartitioner.Of(user, KafkaCluster.Partitions), r.Partition.Value);
            Assert.StartsWith("{\"schema_version\":1,", r.Message.Value, StringComparison.Ordinal);
        }
    }
}
