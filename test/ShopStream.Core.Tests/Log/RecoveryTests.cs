using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

/// <summary>
/// Crash recovery: whatever a crash leaves at the end of the last segment, reopening keeps exactly the whole batches
/// before it and appends continue at the next offset. A batch is the unit: a record of a torn batch is dropped even
/// if its own bytes are whole, because the batch was never acknowledged and its source position must not lie.
/// </summary>
public sealed class RecoveryTests
{
    [Fact]
    public void Truncating_the_last_record_at_any_byte_keeps_exactly_the_records_before_it()
    {
        using var log = new TestLog();
        for (int b = 0; b < 40; b++)
            log.Append(1, source: $"row {b}");
        var (segment, bytes, batchStart) = LastBatch(log, () => log.Append(1, source: "row 40"));
        Assert.True(log.Segments().Length > 1);

        for (int cut = batchStart; cut <= bytes.Length; cut++)
        {
            File.WriteAllBytes(segment, bytes.AsSpan(0, cut).ToArray());
            log.Reopen();

            bool whole = cut == bytes.Length;
            Assert.Equal(whole ? 41 : 40, log.Log.EndOffset(0));
            Assert.Equal(whole ? bytes.Length : batchStart, new FileInfo(segment).Length);
            Assert.Equal(whole ? "row 40" : "row 39", log.LastSource());
            Assert.Equal(log.Log.EndOffset(0), log.ReadAndCheck(0));
            log.Append(1);
            Assert.Equal(log.Log.EndOffset(0), log.ReadAndCheck(0));
            log.Close();
        }

        log.Reopen();
    }

    [Fact]
    public void A_torn_batch_is_dropped_whole_with_its_source_position()
    {
        using var log = new TestLog(TestLog.Small with { SegmentBytes = 1 << 20 });
        log.Append(10, source: "first");
        var (segment, bytes, batchStart) = LastBatch(log, () => log.Append(5, source: "second"));
        int lastRecordStart = bytes.Length - 24 - TestLog.PayloadOf(0, 14).Length;

        for (int cut = lastRecordStart; cut < bytes.Length; cut++)
        {
            File.WriteAllBytes(segment, bytes.AsSpan(0, cut).ToArray());
            log.Reopen();

            Assert.Equal(10, log.Log.EndOffset(0));
            Assert.Equal(batchStart, new FileInfo(segment).Length);
            Assert.Equal("first", log.LastSource());
            Assert.Equal(10, log.ReadAndCheck(0));
            Assert.Equal(10, log.Append(2));
            log.Close();
        }

        log.Reopen();
    }

    [Fact]
    public void A_last_batch_with_any_byte_corrupted_fails_its_checksum_and_is_dropped()
    {
        using var log = new TestLog();
        for (int b = 0; b < 30; b++)
            log.Append(2);
        var (segment, bytes, batchStart) = LastBatch(log, () => log.Append(1));

        for (int at = batchStart; at < bytes.Length; at++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x5A;
            File.WriteAllBytes(segment, damaged);
            log.Reopen();

            Assert.Equal(60, log.Log.EndOffset(0));
            Assert.Equal(batchStart, new FileInfo(segment).Length);
            Assert.Equal(60, log.ReadAndCheck(0));
            Assert.Equal(60, log.Append(1));
            log.Close();
        }

        log.Reopen();
    }

    [Fact]
    public void Damage_before_the_last_batch_is_reported_and_nothing_is_cut_off()
    {
        // A crash tears only the tail being written: a damaged batch with whole ones after it is not a torn tail,
        // and cutting there threw away every batch after it (half a partition, in a probe).
        using var log = new TestLog(TestLog.Small with { SegmentBytes = 1 << 20 });
        for (int b = 0; b < 20; b++)
            log.Append(2);
        var (_, _, damagedStart) = LastBatch(log, () => log.Append(3));
        log.Reopen();
        var (segment, bytes, lastStart) = LastBatch(log, () => log.Append(1));

        for (int at = damagedStart; at < lastStart; at++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x5A;
            File.WriteAllBytes(segment, damaged);

            var error = Assert.Throws<LogFormatException>(log.Reopen);

            Assert.Contains($"is damaged at byte {damagedStart} (offset 40), and whole batches follow it (offset 43 on)", error.Message, StringComparison.Ordinal);
            Assert.Equal(damaged, File.ReadAllBytes(segment)); // nothing cut off
        }

        File.WriteAllBytes(segment, bytes);
        log.Reopen();
        Assert.Equal(44, log.ReadAndCheck(0));
    }

    [Fact]
    public void A_partition_folder_deleted_while_others_hold_events_is_reported_not_made_again_empty()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(3);
        log.Close();
        Directory.Delete(log.PartitionFolder(1), recursive: true);

        var error = Assert.Throws<LogFormatException>(log.Reopen);

        Assert.Contains("no segment files for partition 1 (folder or files gone), while others hold events", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(log.PartitionFolder(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_partitions_segment_files_deleted_while_others_hold_events_are_reported_not_made_again_empty(int partition)
    {
        // The folder left, its files gone: partition 0 so failed process on a null reference, partition 1 let it
        // cover half the users with exit 0; and opening made a new empty segment.
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(3, partition: 0);
        log.Append(2, partition: 1);
        log.Close();
        foreach (var file in Directory.GetFiles(log.PartitionFolder(partition)))
            File.Delete(file);

        var error = Assert.Throws<LogFormatException>(log.Reopen);

        Assert.Contains($"no segment files for partition {partition} (folder or files gone), while others hold events", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(log.PartitionFolder(partition)));
    }

    [Fact]
    public void A_log_whose_meta_file_is_gone_is_reported_not_given_a_new_one()
    {
        // A new meta, with the count asked for, was written under the old partitions' events: every open after it failed.
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(3);
        log.Close();
        File.Delete(Path.Combine(log.Folder, "meta"));

        var error = Assert.Throws<LogFormatException>(log.Reopen);

        Assert.Contains("holds partitions with events but no 'meta' file", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(log.Folder, "meta")));
        Assert.True(FileEventLogBuilder.Exists(log.Folder)); // so process opens it, and says this, rather than "no event log"
    }

    [Fact]
    public void Zeros_after_the_last_batch_are_cut_off()
    {
        // What a file system may show after a power cut: the file was extended but the data never landed.
        using var log = new TestLog();
        log.Append(7);
        log.Close();
        string segment = log.LastSegment();
        long length = new FileInfo(segment).Length;
        using (var s = new FileStream(segment, FileMode.Append))
            s.Write(new byte[5000]);

        log.Reopen();

        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(7, log.Append(1));
        Assert.Equal(8, log.ReadAndCheck(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public void A_segment_torn_while_it_was_being_created_starts_again_empty(int keep)
    {
        using var log = new TestLog();
        while (log.Segments().Length < 3)
            log.Append(10);
        log.Close();
        string last = log.LastSegment();
        if (keep >= 0)
            File.WriteAllBytes(last, File.ReadAllBytes(last).AsSpan(0, keep).ToArray());
        else
            File.WriteAllBytes(last, new byte[32]);
        long baseOffset = long.Parse(Path.GetFileNameWithoutExtension(last), System.Globalization.CultureInfo.InvariantCulture);

        log.Reopen();

        Assert.Equal(baseOffset, log.Log.EndOffset(0));
        Assert.Equal(baseOffset, log.Append(3));
        Assert.Equal(baseOffset + 3, log.ReadAndCheck(0));
    }

    [Fact]
    public void A_missing_index_is_rebuilt_by_scanning()
    {
        using var log = new TestLog();
        for (int b = 0; b < 50; b++)
            log.Append(4, source: b == 10 ? "only here" : null);
        log.Close();
        foreach (var index in Directory.GetFiles(log.PartitionFolder(), "*.index"))
            File.Delete(index);

        log.Reopen();

        Assert.Equal(log.Segments().Length - 1, Directory.GetFiles(log.PartitionFolder(), "*.index").Length);
        for (long offset = 0; offset <= 200; offset += 11)
            Assert.Equal(200 - offset, log.ReadAndCheck(offset));
        Assert.Equal("only here", log.LastSource());
    }

    [Fact]
    public void Damage_in_a_sealed_segment_without_its_index_is_reported_not_cut_off()
    {
        using var log = new TestLog();
        for (int b = 0; b < 30; b++)
            log.Append(4);
        log.Close();
        string sealedSegment = log.Segments()[1];
        File.Delete(Path.ChangeExtension(sealedSegment, ".index"));
        var bytes = File.ReadAllBytes(sealedSegment);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(sealedSegment, bytes);

        var ex = Assert.Throws<LogFormatException>(() => log.Open());
        Assert.Contains(Path.GetFileName(sealedSegment), ex.Message);
        Assert.Contains("damaged", ex.Message);
    }

    /// <summary>Runs <paramref name="append"/> (one batch), closes the log and returns the last segment, its bytes and where the batch starts.</summary>
    private static (string Segment, byte[] Bytes, int BatchStart) LastBatch(TestLog log, Action append)
    {
        string before = log.LastSegment();
        long start = new FileInfo(before).Length;
        append();
        string segment = log.LastSegment();
        log.Close();
        return (segment, File.ReadAllBytes(segment), segment == before ? (int)start : 32); // 32: a new segment's header
    }
}
