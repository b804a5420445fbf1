using System.Buffers.Binary;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

/// <summary>Source positions stored with batches: how a resumed ingest knows where to continue without appending a row twice.</summary>
public sealed class SourcePositionTests
{
    [Fact]
    public void A_new_partition_has_no_source_position()
    {
        using var log = new TestLog();
        log.Append(3);

        Assert.Null(log.Log.LastSourcePosition(0));
    }

    [Fact]
    public void The_last_source_position_survives_reopen()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(3, partition: 0, source: "a.csv:100");
        log.Append(3, partition: 0, source: "a.csv:250");
        log.Append(3, partition: 1, source: "a.csv:180");
        log.Append(3, partition: 0);

        log.Reopen();

        Assert.Equal("a.csv:250", log.LastSource(0));
        Assert.Equal("a.csv:180", log.LastSource(1));
    }

    [Fact]
    public void The_source_position_is_carried_across_segment_rolls()
    {
        using var log = new TestLog();
        log.Append(5, source: "b.csv:42");
        while (log.Segments().Length < 5)
            log.Append(8);

        log.Reopen();

        Assert.Equal("b.csv:42", log.LastSource());
    }

    [Fact]
    public void A_batch_without_records_can_store_a_source_position()
    {
        using var log = new TestLog();
        log.Append(4, source: "c.csv:10");

        Assert.Equal(4, log.Log.Append(0, new LogBatch(), "c.csv:99"u8));
        log.Reopen();

        Assert.Equal(4, log.Log.EndOffset(0));
        Assert.Equal("c.csv:99", log.LastSource());
        Assert.Equal(4, log.ReadAndCheck(0));
    }

    [Fact]
    public void A_source_position_over_the_limit_is_refused()
    {
        using var log = new TestLog();

        Assert.Throws<ArgumentException>(() => log.Log.Append(0, new LogBatch(), new byte[FileEventLog.MaxSourcePositionBytes + 1]));
    }

    [Fact]
    public void An_ingest_resumed_after_crashes_appends_every_row_exactly_once()
    {
        // The input: 1,000 rows. The ingest appends blocks of 37 rows, each with the position after its last row,
        // and "crashes" three times, once leaving its last batch torn; each run resumes from the stored position.
        const int Rows = 1000;
        using var log = new TestLog();
        var random = new Random(11);
        foreach (int crashAfterBlocks in new[] { 5, 9, 4, int.MaxValue })
        {
            int next = log.Log.LastSourcePosition(0) is { } position ? BinaryPrimitives.ReadInt32LittleEndian(position) : 0;
            var batch = new LogBatch();
            for (int blocks = 0; next < Rows && blocks < crashAfterBlocks; blocks++)
            {
                batch.Clear();
                int end = Math.Min(Rows, next + 37);
                for (int row = next; row < end; row++)
                    batch.Add(row, row, BitConverter.GetBytes(row));
                var source = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(source, end);
                log.Log.Append(0, batch, source);
                next = end;
            }

            log.Close();
            if (crashAfterBlocks == 9)
            {
                string segment = log.LastSegment();
                var bytes = File.ReadAllBytes(segment);
                File.WriteAllBytes(segment, bytes.AsSpan(0, bytes.Length - random.Next(1, 100)).ToArray());
            }

            log.Reopen();
        }

        using var reader = log.Log.OpenReader(0, 0);
        var read = new LogReadBatch();
        var rows = new List<long>();
        while (reader.Read(read) > 0)
        {
            for (int i = 0; i < read.Count; i++)
                rows.Add(read[i].Key);
        }

        Assert.Equal(Enumerable.Range(0, Rows).Select(r => (long)r), rows);
    }
}
