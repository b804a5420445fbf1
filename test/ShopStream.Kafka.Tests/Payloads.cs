using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Output;
using ShopStream.Kafka.Consumer;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Events as the embedded log stores them (LoggedEvent payloads), per partition: what the tests compare.</summary>
internal static class Payloads
{
    public static byte[] Encode(in ShopEvent e, long streamMax)
    {
        var one = new LogBatch(512);
        LoggedEvent.Add(one, e, streamMax);
        return one[0].Payload.ToArray();
    }

    /// <summary>The sample ingested into a fresh embedded log of <paramref name="partitions"/> partitions, read back.</summary>
    public static List<string>[] EmbeddedIngest(string input, int partitions)
    {
        using var temp = new TempFolder();
        using var log = new FileEventLogBuilder(temp.File("log")).WithOptions(new FileEventLogOptions { Partitions = partitions, Fsync = FsyncPolicy.OnClose }).Build();
        new LogIngest([InputFile.FromPath(input)], null, log, temp.File("rejected.jsonl")).Run();
        var result = new List<string>[partitions];
        var batch = new LogReadBatch();
        for (int p = 0; p < partitions; p++)
        {
            result[p] = [];
            using var reader = log.OpenReader(p, 0);
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                    result[p].Add(Convert.ToHexString(batch[i].Payload));
            }
        }

        return result;
    }

    /// <summary>Everything a group reads from the start until <paramref name="expected"/> events came (or 30 s passed), committing as it goes.</summary>
    public static List<string>[] ConsumeAll(KafkaLogOptions options, string group, int partitions, int expected)
    {
        var result = Enumerable.Range(0, partitions).Select(_ => new List<string>()).ToArray();
        using var reader = new KafkaGroupReaderBuilder(options, group).Build();
        var batch = new ConsumedEvents(1000);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        int total = 0;
        while (total < expected && DateTime.UtcNow < deadline)
        {
            reader.Poll(batch, TimeSpan.FromMilliseconds(500));
            for (int i = 0; i < batch.Count; i++)
                result[batch.PartitionAt(i)].Add(Convert.ToHexString(Encode(batch[i], batch.StreamMaxTicksAt(i))));
            total += batch.Count;
            reader.Commit(batch.NextOffsets);
        }

        // Nothing more arrives: every event came exactly once.
        Assert.Equal(0, reader.Poll(batch, TimeSpan.FromSeconds(1)));
        return result;
    }

    public static List<ShopEvent> ParseSample(string input)
    {
        var events = new List<ShopEvent>();
        new EventReader([InputFile.FromPath(input)], null, new DeadLetterWriter(Stream.Null)).ReadAll(b => events.AddRange(b.Events.AsSpan(0, b.Count).ToArray()));
        return events;
    }
}
