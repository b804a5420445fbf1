using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>
/// Two `shopstream process --from kafka --serve` instances of one group: each answers for the partitions the group gave
/// it, and a user of the other's partitions is 404 naming that partition; each reports its lag per owned partition.
/// </summary>
[Collection(IngestCluster.Name)]
public sealed class LiveServeTests(KafkaCluster cluster)
{
    [Fact]
    public async Task Each_instance_answers_for_its_partitions_and_names_the_owner_of_the_others()
    {
        using var temp = new TempFolder();
        var input = InputFile.FromPath(RepoPaths.Rees46Sample);
        var kafka = cluster.NewTopicsWith("live", input, temp.File("kafka-rejected.jsonl"));
        string group = "g-" + Guid.NewGuid().ToString("n");
        string[] args =
        [
            "process", "--from", "kafka", "--bootstrap", kafka.BootstrapServers, "--topic", kafka.Topics.Events, "--dead-letter-topic", kafka.Topics.DeadLetters,
            "--group", group, "--out", temp.File("shared"), "--exit-when-idle", "90s", "--quiet", "--serve", "http://127.0.0.1:0",
        ];
        var instances = new[] { Process.Start(Shopstream.StartInfo(args))!, Process.Start(Shopstream.StartInfo(args))! };
        try
        {
            var clients = new List<HttpClient>();
            foreach (var instance in instances)
                clients.Add(new HttpClient { BaseAddress = await ServingAsync(instance), Timeout = TimeSpan.FromSeconds(30) });

            // Wait until the group has split the partitions between the two and every event is processed.
            var owned = new int[2][];
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var live = await Task.WhenAll(clients.Select(async c => JsonDocument.Parse(await c.GetStringAsync("/api/pipeline")).RootElement.GetProperty("live").Clone()));
                for (int i = 0; i < 2; i++)
                    owned[i] = [.. live[i].GetProperty("owned_partitions").EnumerateArray().Select(p => p.GetInt32())];
                bool split = owned[0].Length > 0 && owned[1].Length > 0 && owned[0].Concat(owned[1]).Order().SequenceEqual(Enumerable.Range(0, KafkaCluster.Partitions));
                // The lag must be reported for the partitions owned now: one read during the split covers the old ones.
                bool lagOfOwned = Enumerable.Range(0, 2).All(i => LagPartitions(live[i]).SequenceEqual(owned[i].Order()));
                if (split && lagOfOwned && live.Sum(l => l.GetProperty("lag").ValueKind == JsonValueKind.Number ? l.GetProperty("lag").GetInt64() : 1) == 0)
                    break;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"partitions not split and processed within 90 s: {owned[0].Length} and {owned[1].Length}");
                await Task.Delay(200);
            }

            // The topic's lag is served for this group (it was the default group's: the whole topic, for ever).
            var log = JsonDocument.Parse(await clients[0].GetStringAsync("/api/pipeline")).RootElement.GetProperty("log");
            Assert.Equal(group, log.GetProperty("consumer_group").GetString());

            long user = File.ReadLines(RepoPaths.Rees46Sample).Skip(1).Select(l => long.Parse(l.Split(',')[7], CultureInfo.InvariantCulture))
                .First(u => owned[1].Contains(Partitioner.Of(u, KafkaCluster.Partitions)));
            int partition = Partitioner.Of(user, KafkaCluster.Partitions);
            using (var elsewhere = await clients[0].GetAsync($"/api/profiles/{user}"))
            {
                Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
                var problem = JsonDocument.Parse(await elsewhere.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(partition, problem.GetProperty("partition").GetInt32());
                Assert.Contains($"partition {partition} of {KafkaCluster.Partitions}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            var profile = JsonDocument.Parse(await clients[1].GetStringAsync($"/api/profiles/{user}")).RootElement;
            Assert.Equal(user, profile.GetProperty("user_id").GetInt64());
            Assert.True(profile.GetProperty("events").GetInt32() >= 1);

            // One lag series per owned partition (its value moves as the brokers' watermarks are read again).
            var lagSeries = (await clients[1].GetStringAsync("/metrics")).Split('\n')
                .Where(l => l.StartsWith("shopstream_pipeline_lag{", StringComparison.Ordinal)).ToList();
            foreach (int p in owned[1])
                Assert.Contains(lagSeries, l => l.StartsWith($"shopstream_pipeline_lag{{partition=\"{p}\"}} ", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var instance in instances)
            {
                if (!instance.HasExited)
                    instance.Kill(); // a member must not stay in the shared cluster's group
                instance.Dispose();
            }
        }
    }

    private static IEnumerable<int> LagPartitions(JsonElement live) =>
        live.GetProperty("lag_by_partition") is { ValueKind: JsonValueKind.Object } lag
            ? lag.EnumerateObject().Select(p => int.Parse(p.Name, CultureInfo.InvariantCulture)).Order()
            : [];

    // "shopstream: serving the live state of process on http://127.0.0.1:PORT"
    private static async Task<Uri> ServingAsync(Process instance)
    {
        var line = await instance.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.Contains("serving the live state", StringComparison.Ordinal))
            Assert.Fail($"{line}\n{await instance.StandardError.ReadToEndAsync()}"); // it failed to start: the rest of its stderr says why
        return new Uri(line!.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }
}
