using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using ShopStream.Core.Log;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

[Collection(IngestCluster.Name)]
public sealed class KafkaCommandTests(KafkaCluster cluster)
{
    [Fact]
    public async Task Waiting_for_an_unanswered_create_topics_keeps_no_core_busy()
    {
        if (!cluster.IsMock)
            return; // a real broker answers CreateTopics at once
        using var temp = new TempFolder();
        // bash's time builtin: the whole run's user CPU, on the last line of stderr.
        var start = ShopstreamProcess.StartInfoUnder("bash", ["-c", "TIMEFORMAT='cpu %U'; time \"$@\"", "bash"],
            "ingest", "--input", RepoPaths.Rees46Sample, "--to", "kafka", "--bootstrap", cluster.BootstrapServers,
            "--topic", "made-" + Guid.NewGuid().ToString("n"), "--partitions", "6", "--out", temp.File("out"), "--quiet");
        start.Environment.Remove("KAFKA_BOOTSTRAP_SERVERS");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        await output;

        // The mock never answers CreateTopics: the 5 s wait for it, then the topic made on demand with 4 partitions.
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("was made by the cluster on demand with 4 partitions, not the 6 of --partitions", error, StringComparison.Ordinal);
        // Confluent.Kafka 1.9.3's admin client on the producer's handle polled without waiting through it: 5.3 s of
        // CPU in 5.4 s. Its own admin client waits: 0.3 s (a Release build; a Debug build compiles more at start).
        double cpu = double.Parse(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Replace("cpu ", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(cpu < 3, $"{cpu} s of user CPU for an ingest of 5,000 events that waited 5 s: {error}");
    }

    [Fact]
    public async Task Mock_cluster_command_prints_its_bootstrap_address_first_and_stops_on_SIGTERM()
    {
        using var process = Process.Start(Shopstream.StartInfo("kafka", "mock-cluster", "--brokers", "3", "--partitions", "6", "--topics", "a.events,b.events"))!;
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            string bootstrap = await process.StandardOutput.ReadLineAsync() ?? "";
            Assert.Equal(3, bootstrap.Split(',').Length);
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
                Assert.Equal(3, metadata.Brokers.Count);
                Assert.Equal(6, metadata.Topics.Single(t => t.Topic == "b.events").Partitions.Count);
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("mock Kafka cluster stopped", await error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    [Fact]
    public void Mock_cluster_help_says_the_default_topics_once()
    {
        var (code, output, _) = Shopstream.Run("kafka", "mock-cluster", "--help");

        Assert.Equal(0, code);
        Assert.Contains($"(default: {string.Join(",", KafkaTopics.Default.All)})", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: shop.events|", output, StringComparison.Ordinal); // said twice, the second time joined by '|'
    }

    [Fact]
    public async Task Mock_cluster_command_creates_the_default_topics_with_its_partition_count()
    {
        using var process = Process.Start(Shopstream.StartInfo("kafka", "mock-cluster", "--brokers", "1", "--partitions", "5"))!;
        try
        {
            string bootstrap = await process.StandardOutput.ReadLineAsync() ?? "";
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            // All topics' metadata, not a request naming one: that would make the mock create it with its own default (4).
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            foreach (var topic in KafkaTopics.Default.All)
                Assert.Equal(5, metadata.Topics.Single(t => t.Topic == topic).Partitions.Count);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Ingest_to_kafka_of_another_file_after_a_finished_one_publishes_it_after_it()
    {
        var options = cluster.NewTopics("cli-next");
        using var temp = new TempFolder();
        string[] ingest = ["ingest", "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--orders-topic", options.Topics.Orders, "--out", temp.Path];
        Assert.Equal(0, Shopstream.Run([.. ingest, "--input", RepoPaths.Rees46Sample]).ExitCode);

        var next = Shopstream.Run([.. ingest, "--input", RepoPaths.OrdersSample]);

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains("new inputs: appended after the log's earlier ones (its ingest of new inputs #2)", next.Output, StringComparison.Ordinal);
        using var log = new KafkaLogBuilder(options).Build();
        long published = long.Parse(System.Text.RegularExpressions.Regex.Match(next.Output, @"published ([\d,]+) events").Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        Assert.True(published > 14_000, next.Output);
        Assert.Equal(5000 + published, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void Ingest_to_kafka_after_one_whose_every_record_was_rejected_says_it_cut_those_dead_letters()
    {
        var options = cluster.NewTopics("cli-rejected");
        using var temp = new TempFolder();
        string bad = temp.File("bad.csv");
        File.WriteAllLines(bad, [File.ReadLines(RepoPaths.Rees46Sample).First(), "not,a,row", "nor,this,one"]);
        string[] ingest = ["ingest", "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--orders-topic", options.Topics.Orders, "--out", temp.File("out")];
        Assert.Equal(0, Shopstream.Run([.. ingest, "--input", RepoPaths.Rees46Sample]).ExitCode);
        Assert.Equal(2, Shopstream.Run([.. ingest, "--input", bad]).ExitCode); // nothing accepted: published nothing

        var next = Shopstream.Run([.. ingest, "--input", RepoPaths.OrdersSample]);

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains("dead letters: 2 records written after the log's last block were cut", next.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_to_kafka_publishes_the_sample_once_and_status_reports_the_lag_per_partition()
    {
        var options = cluster.NewTopics("cli");
        using var temp = new TempFolder();
        string[] ingest = ["ingest", "--input", RepoPaths.Rees46Sample, "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--out", temp.Path];

        var first = Shopstream.Run(ingest);
        var again = Shopstream.Run(ingest);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("published 5,000 events", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("orders:", first.Error, StringComparison.Ordinal); // REES46 has no order ids: no orders publisher
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("published 0 events", again.Output, StringComparison.Ordinal);

        using (var log = new KafkaLogBuilder(options).Build())
            log.Commit("cli-group", [new PartitionOffset(0, log.EndOffset(0))]);
        var status = Shopstream.Run("status", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--group", "cli-group", "--prometheus");

        Assert.Equal(0, status.ExitCode);
        var lags = status.Output.Split('\n').Where(l => l.StartsWith("shopstream_kafka_consumer_lag{", StringComparison.Ordinal))
            .ToDictionary(l => int.Parse(l.Split("partition=\"")[1].Split('"')[0], CultureInfo.InvariantCulture), l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 6), lags.Keys.Order());
        Assert.Equal(0, lags[0]);
        Assert.InRange(lags.Values.Sum(), 4000, 4999); // everything but partition 0
    }

    [Fact]
    public void An_ingest_while_another_of_the_same_out_publishes_is_refused_before_it_publishes()
    {
        // Two at once (an overlapping cron job) each resumed from what the topic held and published the rest: the
        // topic held both, interleaved, and a third run went on from there (117,546 events for 99,011).
        var options = cluster.NewTopics("cli-lock");
        using var temp = new TempFolder();
        string[] ingest = ["ingest", "--input", RepoPaths.Rees46Sample, "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--out", temp.Path];

        using (new ShopStream.Core.Output.RunDirectory(temp.Path).LockForIngest()) // as an ingest in progress holds it
        {
            var refused = Shopstream.Run(ingest);

            Assert.Equal(1, refused.ExitCode);
            Shopstream.AssertOneLineError(refused.Error, "is in use by another ingest");
            using var log = new KafkaLogBuilder(options).Build();
            Assert.Equal(0, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
            // A run (a processor) may share the folder: its lock is another.
            new ShopStream.Core.Output.RunDirectory(temp.Path).LockForRun().Dispose();
        }

        var alone = Shopstream.Run(ingest);
        Assert.True(alone.ExitCode == 0, alone.Error);
        Assert.Contains("published 5,000 events", alone.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_to_kafka_with_partitions_other_than_the_topic_s_exits_2_and_publishes_nothing()
    {
        var options = cluster.NewTopics("cli-count");
        using var temp = new TempFolder();
        string[] ingest = ["ingest", "--input", RepoPaths.Rees46Sample, "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events, "--out", temp.Path];

        var other = Shopstream.Run([.. ingest, "--partitions", "3"]);

        Assert.Equal(2, other.ExitCode);
        Shopstream.AssertOneLineError(other.Error, $"topic {options.Topics.Events} has {KafkaCluster.Partitions} partitions, not the 3 of --partitions");
        using (var log = new KafkaLogBuilder(options).Build())
            Assert.Equal(0, Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)));
        var same = Shopstream.Run([.. ingest, "--partitions", KafkaCluster.Partitions.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(same.ExitCode == 0, same.Error);
        Assert.Contains("published 5,000 events", same.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_to_kafka_publishes_what_validation_accepts_and_resumes_without_duplicates()
    {
        var options = cluster.NewTopics("generate");
        using var temp = new TempFolder();
        string[] generate = ["generate", "-n", "3000", "--seed", "5", "--malformed", "0.01", "--to", $"kafka://{cluster.BootstrapServers}/{options.Topics.Events}", "--rejected", temp.File("rejected.jsonl")];

        var first = Shopstream.Run(generate);
        var again = Shopstream.Run(generate);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(0, again.ExitCode);
        using var log = new KafkaLogBuilder(options).Build();
        long events = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
        long rejected = File.ReadAllLines(temp.File("rejected.jsonl")).Length;
        Assert.Equal(3000, events + rejected);
        Assert.True(rejected > 0);
        Assert.Contains("0 appended (resumed after line", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_to_kafka_publishes_stock_changes_keyed_by_product_to_the_inventory_topic()
    {
        var options = cluster.NewTopics("stock");
        using var temp = new TempFolder();
        var file = Shopstream.Run("generate", "-n", "2000", "--seed", "8", "--products", "300", "--to", temp.File("traffic.csv"), "--inventory", temp.File("inventory.jsonl"), "--quiet");
        var kafka = Shopstream.Run("generate", "-n", "2000", "--seed", "8", "--products", "300", "--to", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", options.Topics.Events,
            "--inventory", "kafka", "--inventory-topic", options.Topics.Inventory, "--rejected", temp.File("rejected.jsonl"));

        Assert.Equal(0, file.ExitCode);
        Assert.True(kafka.ExitCode == 0, kafka.Error);
        var expected = File.ReadAllLines(temp.File("inventory.jsonl")).Where(l => l.Length > 0).ToList();
        Assert.Contains($"inventory: {expected.Count:N0} stock changes published", kafka.Error, StringComparison.Ordinal);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "stock-check-" + Guid.NewGuid(), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(options.Topics.Inventory);
        var records = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (records.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
                records.Add(r);
        }

        consumer.Close();
        Assert.Equal(expected.Count, records.Count);
        var parser = new ShopStream.Core.Inventory.StockChangeParser(new ShopStream.Core.Text.StringPool());
        foreach (var r in records)
        {
            Assert.Equal(ShopStream.Core.Validation.RejectReason.None, parser.Parse(System.Text.Encoding.UTF8.GetBytes(r.Message.Value), out var change));
            Assert.Equal(change.ProductId.ToString(CultureInfo.InvariantCulture), r.Message.Key);
            Assert.StartsWith("{\"schema_version\":1,", r.Message.Value, StringComparison.Ordinal);
        }

        // A product's changes share a partition, so they keep their order.
        Assert.All(records.GroupBy(r => r.Message.Key), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
    }

    [Theory]
    [InlineData("--bootstrap HOST:PORT is required", "ingest", "--input", "x.csv", "--to", "kafka")]
    [InlineData("is not a Kafka bootstrap address", "ingest", "--input", "x.csv", "--to", "kafka", "--bootstrap", "nohost")]
    [InlineData("is not a Kafka topic name", "status", "--bootstrap", "127.0.0.1:9092", "--group", "g", "--topic", "bad topic")]
    [InlineData("--group", "status", "--bootstrap", "127.0.0.1:9092")]
    [InlineData("'' is not a consumer group id (1..255 characters)", "status", "--bootstrap", "127.0.0.1:9092", "--group", "")]
    [InlineData("--kafka-timeout) must be positive", "status", "--bootstrap", "127.0.0.1:9092", "--group", "g", "--kafka-timeout", "0s")]
    [InlineData("brokers", "kafka", "mock-cluster", "--brokers", "0")]
    [InlineData("topic 'a' is named twice", "kafka", "mock-cluster", "--topics", "a,a")] // exit 1, "Topic already exists (is librdkafka1 installed? ...)"
    [InlineData("--topics names no topic", "kafka", "mock-cluster", "--topics", "")] // a cluster of no topics started
    [InlineData("--out DIR is required", "ingest", "--input", "x.csv")]
    [InlineData("--inventory kafka needs --to kafka", "generate", "-n", "10", "--to", "x.csv", "--inventory", "kafka")]
    // A dead letter written to the topic being read was read again, forever; orders in the events topic stopped the resume.
    [InlineData("the events (--topic) and dead letters (--dead-letter-topic) topics are both 'loop': each kind of record needs a topic of its own",
        "process", "--from", "kafka", "--bootstrap", "127.0.0.1:9092", "--out", "o", "--topic", "loop", "--dead-letter-topic", "loop")]
    [InlineData("the events (--topic) and orders (--orders-topic) topics are both 'shop.orders'",
        "ingest", "--input", "x.csv", "--to", "kafka", "--bootstrap", "127.0.0.1:9092", "--out", "o", "--topic", "shop.orders")]
    public void Kafka_commands_with_bad_arguments_exit_2_with_one_line(string expected, params string[] args)
    {
        var (code, _, error) = Shopstream.Run(args);

        Assert.Equal(2, code);
        Shopstream.AssertOneLineError(error, expected);
    }

    [Theory]
    [InlineData("status", "--group", "g")]
    [InlineData("status", "--group", "g", "--topic", "shop.orders")] // status reads one topic: any may be named, the orders topic too
    [InlineData("process", "--from", "kafka", "--out", "OUT")]
    [InlineData("ingest", "--input", "INPUT", "--to", "kafka", "--out", "OUT")]
    [InlineData("generate", "--events", "10", "--to", "kafka")]
    public void An_unreachable_cluster_is_named_at_once_in_one_line_and_exit_1(params string[] args)
    {
        using var temp = new TempFolder();
        args = [.. args.Select(a => a switch { "OUT" => temp.File("out"), "INPUT" => RepoPaths.Rees46Sample, _ => a })];

        // A timeout that would outlast the test: the refusal is reported as it comes, not after librdkafka's retries
        // ("Local: Broker transport failure" after the whole --kafka-timeout).
        var (code, _, error) = Shopstream.Run([.. args, "--bootstrap", "127.0.0.1:1,localhost:2", "--kafka-timeout", "2m"]);

        Assert.Equal(1, code);
        Shopstream.AssertOneLineError(error, "Kafka at 127.0.0.1:1,localhost:2: no bootstrap server accepts a connection: 127.0.0.1:1 connection refused; localhost:2 connection refused");
    }

    [Fact]
    public void Readers_of_a_topic_that_does_not_exist_say_so_and_do_not_create_it()
    {
        // A metadata request naming it made the mock cluster create it with 4 partitions: status then showed a
        // typo'd topic as a caught-up group, and process wrote empty results with exit 0.
        using var temp = new TempFolder();
        string topic = "no-such-" + Guid.NewGuid().ToString("n");

        var status = Shopstream.Run("status", "--bootstrap", cluster.BootstrapServers, "--topic", topic, "--group", "g");
        var process = Shopstream.Run("process", "--from", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", topic, "--group", "g",
            "--out", temp.File("out"), "--exit-when-idle", "2s");

        Assert.Equal(1, status.ExitCode);
        Shopstream.AssertOneLineError(status.Error, $"topic {topic} does not exist (ingest or generate creates it)");
        Assert.Equal(1, process.ExitCode);
        Shopstream.AssertOneLineError(process.Error, $"topic {topic} does not exist (ingest or generate creates it)");
        // Once, in the command's "Kafka at ...:", as status says it: the topic's own line named them again.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(process.Error, System.Text.RegularExpressions.Regex.Escape(cluster.BootstrapServers)));
        // With --serve its collector met the missing topic first: "topic T does not exist" without the address, exit 2.
        var serving = Shopstream.Run("process", "--from", "kafka", "--bootstrap", cluster.BootstrapServers, "--topic", topic, "--group", "g",
            "--out", temp.File("served"), "--exit-when-idle", "2s", "--serve", "http://127.0.0.1:0");
        Assert.Equal(1, serving.ExitCode);
        Shopstream.AssertOneLineError(serving.Error, $"Kafka at {cluster.BootstrapServers}: topic {topic} does not exist (ingest or generate creates it)");
        Assert.Equal(1, Shopstream.Run("status", "--bootstrap", cluster.BootstrapServers, "--topic", topic, "--group", "g").ExitCode); // still none
    }

    [Fact]
    public void Processing_a_topic_without_records_warns_that_the_results_are_empty()
    {
        using var temp = new TempFolder();
        var kafka = cluster.NewTopics("empty");

        var process = Shopstream.Run("process", "--from", "kafka", "--bootstrap", kafka.BootstrapServers, "--topic", kafka.Topics.Events, "--group", "g",
            "--out", temp.File("out"), "--exit-when-idle", "1s", "--quiet");

        Assert.Equal(0, process.ExitCode);
        Assert.Equal($"shopstream: warning: topic {kafka.Topics.Events} holds no records, so the results are empty", process.Error.Trim());
        Assert.True(File.Exists(temp.File("out/summary.json")));
    }
}
