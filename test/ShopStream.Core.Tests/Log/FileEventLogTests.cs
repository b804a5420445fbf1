using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

/// <summary>Appending, reading, seeking and rolling segments in the embedded log.</summary>
public sealed class FileEventLogTests
{
    [Fact]
    public void Records_read_back_exactly_as_appended_across_many_segments()
    {
        using var log = new TestLog();
        var random = new Random(46);
        for (int b = 0; b < 200; b++)
            log.Append(random.Next(1, 21));

        Assert.True(log.Segments().Length > 20, $"only {log.Segments().Length} segments");
        foreach (int perRead in new[] { 1, 7, 4096 })
            Assert.Equal(log.Log.EndOffset(0), log.ReadAndCheck(0, perRead: perRead));
        log.Reopen();
        Assert.Equal(log.Log.EndOffset(0), log.ReadAndCheck(0));
    }

    [Fact]
    public void Offsets_are_contiguous_across_batches_rolls_and_reopens()
    {
        using var log = new TestLog();
        long expected = 0;
        for (int b = 0; b < 60; b++)
        {
            int count = (b % 9) + 1;
            Assert.Equal(expected, log.Append(count));
            expected += count;
            if (b % 20 == 19)
                log.Reopen();
        }

        Assert.Equal(expected, log.Log.EndOffset(0));
        Assert.Equal(0, log.Log.StartOffset(0));
        Assert.Equal(expected, log.ReadAndCheck(0));
    }

    [Fact]
    public void Seek_to_any_offset_reads_on_from_exactly_that_record()
    {
        using var log = new TestLog();
        var random = new Random(7);
        for (int b = 0; b < 80; b++)
            log.Append(random.Next(1, 12));
        long end = log.Log.EndOffset(0);
        var offsets = Enumerable.Range(0, (int)end + 1).Select(o => (long)o).OrderBy(_ => random.Next()).ToList();

        using var reader = log.Log.OpenReader(0, 0);
        var batch = new LogReadBatch(3);
        foreach (long offset in offsets)
        {
            reader.Seek(offset);
            Assert.Equal(offset, reader.Position);

            // A read may stop early at the end of a segment; the next one goes on from there.
            long next = offset;
            while (next < Math.Min(end, offset + 3))
            {
                int n = reader.Read(batch);
                Assert.InRange(n, 1, 3);
                for (int i = 0; i < n; i++, next++)
                    TestLog.AssertRecord(batch[i], 0, next);
            }

            Assert.Equal(next, reader.Position);
            if (offset == end)
                Assert.Equal(0, reader.Read(batch));
        }
    }

    [Fact]
    public void Seeking_works_with_an_index_entry_for_every_batch_or_for_none()
    {
        foreach (int interval in new[] { 0, 1 << 20 })
        {
            using var log = new TestLog(TestLog.Small with { IndexIntervalBytes = interval });
            for (int b = 0; b < 40; b++)
                log.Append(5);
            for (long offset = 0; offset <= 200; offset += 13)
                Assert.Equal(200 - offset, log.ReadAndCheck(offset, perRead: 17));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_reader_outside_the_partition_is_refused(long offset)
    {
        using var log = new TestLog();
        log.Append(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => log.Log.OpenReader(0, offset));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Log.OpenReader(1, 0));
    }

    [Fact]
    public void Segments_roll_when_the_next_batch_would_pass_the_segment_size()
    {
        using var log = new TestLog();
        var batchEnds = new List<long>();
        for (int b = 0; b < 60; b++)
        {
            log.Append(4);
            batchEnds.Add(log.Log.EndOffset(0));
        }

        var segments = log.Segments();
        Assert.True(segments.Length > 3);
        for (int s = 0; s < segments.Length; s++)
        {
            long length = new FileInfo(segments[s]).Length;
            Assert.True(length <= log.Options.SegmentBytes, $"segment {s} has {length} bytes");
            long first = long.Parse(Path.GetFileNameWithoutExtension(segments[s]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(first == 0 || batchEnds.Contains(first), $"segment {s} starts mid-batch at {first}");
            if (s < segments.Length - 1)
            {
                // Sealed only because the next batch would not fit.
                long next = long.Parse(Path.GetFileNameWithoutExtension(segments[s + 1]), System.Globalization.CultureInfo.InvariantCulture);
                long nextBatch = 32 + Enumerable.Range(0, 4).Sum(i => 24 + TestLog.PayloadOf(0, next + i).Length);
                Assert.True(length + nextBatch > log.Options.SegmentBytes, $"segment {s} sealed at {length} bytes");
                Assert.True(File.Exists(Path.ChangeExtension(segments[s], ".index")));
            }
        }
    }

    [Fact]
    public void A_batch_larger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var log = new TestLog();
        log.Append(3);
        log.Append(200);
        log.Append(3);

        var segments = log.Segments();
        Assert.Equal(3, segments.Length);
        Assert.True(new FileInfo(segments[1]).Length > log.Options.SegmentBytes);
        Assert.Equal(206, log.ReadAndCheck(0));
    }

    [Fact]
    public void Partitions_are_independent_logs()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 3 });
        log.Append(10, partition: 0);
        log.Append(3, partition: 2);
        log.Append(5, partition: 0);

        Assert.Equal([15L, 0L, 3L], Enumerable.Range(0, 3).Select(p => log.Log.EndOffset(p)));
        Assert.Equal(15, log.ReadAndCheck(0, partition: 0));
        Assert.Equal(3, log.ReadAndCheck(0, partition: 2));
        Assert.True(Directory.Exists(log.PartitionFolder(1)));
    }

    [Fact]
    public void An_existing_log_keeps_its_partition_count()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 3 });
        log.Options = log.Options with { Partitions = null };
        Assert.Equal(3, log.Reopen().Partitions);

        log.Close();
        log.Options = log.Options with { Partitions = 4 };
        var ex = Assert.Throws<ArgumentException>(() => log.Open());
        Assert.Contains("has 3 partitions", ex.Message);
        log.Options = log.Options with { Partitions = 3 };
        log.Reopen();
    }

    [Fact]
    public void A_log_cannot_be_opened_twice_at_once()
    {
        using var log = new TestLog();

        var ex = Assert.Throws<IOException>(() => log.Open());
        Assert.Contains("already open", ex.Message);
    }

    [Fact]
    public void A_log_whose_folder_was_removed_or_replaced_under_it_says_so_before_anything_is_called_durable()
    {
        using var log = new TestLog();
        var batch = new LogBatch();
        batch.Add(TestLog.KeyOf(0, 0), TestLog.TimestampOf(0), TestLog.PayloadOf(0, 0));
        log.Log.Append(0, batch);
        log.Log.Flush();
        log.Log.RequireInPlace();

        // rm -rf and a new folder in its place: the appends went to deleted files, and flushing them called them durable.
        Directory.Delete(log.Folder, recursive: true);
        Directory.CreateDirectory(log.Folder);
        log.Log.Append(0, batch);

        var gone = Assert.Throws<LogFolderGoneException>(log.Log.Flush);
        Assert.Contains($"the event log's folder '{log.Folder}' was removed, moved or replaced", gone.Message, StringComparison.Ordinal);
        Assert.Throws<LogFolderGoneException>(log.Log.RequireInPlace);
    }

    [Fact]
    public async Task An_append_leaves_the_batch_as_it_was_for_reuse()
    {
        using var log = new TestLog();
        var batch = new LogBatch(initialBytes: 16);
        for (int i = 0; i < 50; i++)
            batch.Add(TestLog.KeyOf(0, i), TestLog.TimestampOf(i), TestLog.PayloadOf(0, i));

        Assert.Equal(0, await log.Log.AppendAsync(0, batch));
        Assert.Equal(50, batch.Count);
        for (int i = 0; i < batch.Count; i++)
            TestLog.AssertRecord(batch[i], 0, i);

        batch.Clear();
        for (int i = 50; i < 60; i++)
            batch.Add(TestLog.KeyOf(0, i), TestLog.TimestampOf(i), TestLog.PayloadOf(0, i));
        Assert.Equal(50, log.Log.Append(0, batch));
        Assert.Equal(60, log.ReadAndCheck(0));
    }

    [Fact]
    public void A_batch_without_records_or_source_position_writes_nothing()
    {
        using var log = new TestLog();
        log.Append(2);
        long length = new FileInfo(log.LastSegment()).Length;

        Assert.Equal(2, log.Log.Append(0, new LogBatch()));
        Assert.Equal(length, new FileInfo(log.LastSegment()).Length);
    }

    [Fact]
    public void A_read_returns_at_most_the_batch_capacity()
    {
        using var log = new TestLog();
        log.Append(50);
        using var reader = log.Log.OpenReader(0, 0);
        var batch = new LogReadBatch(8);

        var counts = new List<int>();
        int n;
        while ((n = reader.Read(batch)) > 0)
            counts.Add(n);

        Assert.Equal([8, 8, 8, 8, 8, 8, 2], counts);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_records_are_appended_and_stops_when_the_log_closes()
    {
        using var log = new TestLog();
        log.Append(2);
        using var reader = log.Log.OpenReader(0, 2);

        var waiting = reader.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        log.Append(1);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, reader.Read(new LogReadBatch()));

        var closing = reader.WaitToReadAsync().AsTask();
        log.Close();
        Assert.False(await closing.WaitAsync(TimeSpan.FromSeconds(10)));
        log.Reopen();
    }

    [Fact]
    public async Task A_reader_following_a_writer_sees_every_record_once_in_order()
    {
        using var log = new TestLog();
        const int Batches = 300;
        var writer = Task.Run(() =>
        {
            for (int b = 0; b < Batches; b++)
                log.Append((b % 5) + 1);
        });
        long total = Enumerable.Range(0, Batches).Sum(b => (b % 5) + 1);

        using var reader = log.Log.OpenReader(0, 0);
        var batch = new LogReadBatch(16);
        long next = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (next < total)
        {
            int n = reader.Read(batch);
            for (int i = 0; i < n; i++, next++)
                TestLog.AssertRecord(batch[i], 0, next);
            if (n == 0)
                Assert.True(await reader.WaitToReadAsync(timeout.Token));
        }

        await writer;
        Assert.Equal(0, reader.Read(batch));
    }

    [Fact]
    public void A_record_damaged_in_a_sealed_segment_is_reported_when_read()
    {
        using var log = new TestLog();
        for (int b = 0; b < 20; b++)
            log.Append(5);
        log.Close();
        string first = log.Segments()[0];
        var bytes = File.ReadAllBytes(first);
        bytes[200] ^= 0x01;
        File.WriteAllBytes(first, bytes);
        log.Reopen();

        var ex = Assert.Throws<LogFormatException>(() => log.ReadAndCheck(0));
        Assert.Contains(Path.GetFileName(first), ex.Message);
    }

    [Fact]
    public void Fsync_policies_all_give_the_same_log()
    {
        foreach (var policy in Enum.GetValues<FsyncPolicy>())
        {
            using var log = new TestLog(TestLog.Small with { Fsync = policy });
            for (int b = 0; b < 12; b++)
                log.Append(10, source: $"in.csv:{b}");
            log.Log.Flush();
            log.Reopen();
            Assert.Equal(120, log.ReadAndCheck(0));
            Assert.Equal("in.csv:11", log.LastSource());
        }
    }
}
