using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Log;

/// <summary>
/// An embedded log in a temporary folder that a test can close, damage and reopen. Its records are deterministic:
/// the record at offset n of partition p has key, timestamp and payload computed from (p, n), so any read can be
/// checked without remembering what was written.
/// </summary>
internal sealed class TestLog : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TimeProvider _time;

    public TestLog(FileEventLogOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? Small;
        _time = time ?? TimeProvider.System;
        Log = Open();
    }

    /// <summary>One partition, no fsync, 4 KiB segments and an index entry every 256 bytes: many segments from little data.</summary>
    public static FileEventLogOptions Small => new() { Partitions = 1, Fsync = FsyncPolicy.Never, SegmentBytes = 4096, IndexIntervalBytes = 256 };

    public FileEventLogOptions Options { get; set; }

    public string Folder => Path.Combine(_temp.Path, "log");

    public FileEventLog Log { get; private set; }

    public FileEventLog Open() => new FileEventLogBuilder(Folder).WithOptions(Options).WithTimeProvider(_time).Build();

    public FileEventLog Reopen()
    {
        Log.Dispose();
        Log = Open();
        return Log;
    }

    /// <summary>Closes the log (to damage its files); <see cref="Reopen"/> opens it again.</summary>
    public void Close() => Log.Dispose();

    public string PartitionFolder(int partition = 0) => Path.Combine(Folder, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string[] Segments(int partition = 0) => [.. Directory.GetFiles(PartitionFolder(partition), "*.log").Order(StringComparer.Ordinal)];

    public string LastSegment(int partition = 0) => Segments(partition)[^1];

    /// <summary>Appends <paramref name="count"/> records (the next offsets' deterministic records) as one batch; returns the first offset.</summary>
    public long Append(int count, int partition = 0, string? source = null)
    {
        long first = Log.EndOffset(partition);
        var batch = new LogBatch();
        for (long offset = first; offset < first + count; offset++)
            batch.Add(KeyOf(partition, offset), TimestampOf(offset), PayloadOf(partition, offset));
        long appended = Log.Append(partition, batch, source is null ? default : System.Text.Encoding.UTF8.GetBytes(source));
        Assert.Equal(first, appended);
        return appended;
    }

    public static long KeyOf(int partition, long offset) => (offset * 7919) + partition;

    public static long TimestampOf(long offset) => 638_000_000_000_000_000L + (offset * 10_000_019);

    /// <summary>1..120 bytes depending on the offset, so records straddle read buffers and index intervals in every way.</summary>
    public static byte[] PayloadOf(int partition, long offset)
    {
        var payload = new byte[1 + (int)((offset * 37) % 120)];
        for (int i = 0; i < payload.Length; i++)
            payload[i] = (byte)((offset * 31) + (i * 7) + partition);
        return payload;
    }

    /// <summary>Reads [<paramref name="from"/>, end) with reads of at most <paramref name="perRead"/> records, checking every record; returns the count.</summary>
    public long ReadAndCheck(long from, int partition = 0, int perRead = 64)
    {
        using var reader = Log.OpenReader(partition, from);
        var batch = new LogReadBatch(perRead);
        long expected = from;
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            Assert.Equal(expected, batch.FirstOffset);
            for (int i = 0; i < n; i++, expected++)
                AssertRecord(batch[i], partition, expected);
        }

        Assert.Equal(Log.EndOffset(partition), expected);
        Assert.Equal(expected, reader.Position);
        return expected - from;
    }

    public static void AssertRecord(LogRecord record, int partition, long offset)
    {
        Assert.Equal(offset, record.Offset);
        Assert.Equal(KeyOf(partition, offset), record.Key);
        Assert.Equal(TimestampOf(offset), record.Timestamp);
        Assert.True(record.Payload.SequenceEqual(PayloadOf(partition, offset)), $"payload of offset {offset} differs");
    }

    public string? LastSource(int partition = 0) =>
        Log.LastSourcePosition(partition) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public void Dispose()
    {
        Log.Dispose();
        _temp.Dispose();
    }
}
