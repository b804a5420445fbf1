using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ShopStream.Core.Output;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// One event date's silver rows while the run reads: each full row group is encoded once and appended whole to
/// bronze's file, and its rows' users and times to a spool file in the staging folder. <see cref="WriteFile"/> then
/// copies the row groups' event columns (all of silver's but the session start, not known until the run ends) from
/// bronze's files into the day's Parquet file, each row group completed by its <c>session_start</c> chunk, so no
/// event is encoded, or written to disk before its file, twice. Both are read once: the spool leaves the page cache
/// as it is written and the bronze bytes as they are copied (<see cref="DropBehind"/>), so the copy reads from disk.
/// </summary>
internal sealed class SilverDaySpool : IDisposable
{
    // Rows whose user's session entry loads while a row is looked up: a lookup is a memory read, so several are in flight.
    private const int PrefetchAhead = 8;

    /// <summary>Silver's file columns: the event's, then its session's start (nullable, as a left join gave it: an event before any of its user's sessions has none).</summary>
    public static IReadOnlyList<ParquetColumn> FileColumns { get; } = [.. EventColumns.Schema, new("session_start", ParquetColumnKind.Timestamp, true)];

    private static readonly ParquetColumn[] s_sessionColumn = [FileColumns[^1]];

    private readonly SafeFileHandle _spool;
    private readonly DropBehind _spoolOutput;
    private readonly List<SpooledRowGroup> _rowGroups = [];

    public SilverDaySpool(int dayNumber, string folder)
    {
        Day = DateOnly.FromDayNumber(dayNumber);
        SpoolPath = Path.Combine(folder, $"silver-{Date}.spool");
        _spool = File.OpenHandle(SpoolPath, FileMode.CreateNew, FileAccess.ReadWrite);
        _spoolOutput = new DropBehind(_spool);
    }

    public DateOnly Day { get; }

    /// <summary>The partition value, <c>yyyy-MM-dd</c>.</summary>
    public string Date => Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public string SpoolPath { get; }

    /// <summary>The buffer this day's rows are filling now (null when there is none).</summary>
    public SpoolBuffer? Buffer { get; set; }

    /// <summary>
    /// Notes a row group whose event column chunks, encoded by <see cref="SpoolEncoder"/> (offsets relative to their
    /// start), are the <paramref name="eventBytes"/> bytes at <paramref name="bronzeOffset"/> of
    /// <paramref name="bronzeFile"/>, and spools its rows' users and times from <paramref name="buffer"/>.
    /// </summary>
    public void Append(SpoolBuffer buffer, ColumnChunkMeta[] chunks, string bronzeFile, long bronzeOffset, int eventBytes)
    {
        long offset = _spoolOutput.Append(MemoryMarshal.AsBytes(buffer.Users.AsSpan(0, buffer.Rows)));
        _spoolOutput.Append(MemoryMarshal.AsBytes(buffer.Micros.AsSpan(0, buffer.Rows)));
        _rowGroups.Add(new SpooledRowGroup(bronzeFile, bronzeOffset, eventBytes, offset, buffer.Rows, chunks));
    }

    /// <summary>
    /// Writes the day's Parquet file at <paramref name="path"/> from the noted row groups (bronze's files must be
    /// closed), each row's session start from <paramref name="sessions"/>.
    /// </summary>
    public ParquetFileSummary WriteFile(string path, SessionStarts sessions, ParquetWriteOptions options)
    {
        using var file = new ParquetFileWriter(path, FileColumns, options);
        using var session = new RowGroupBuffer(s_sessionColumn, options);
        var starts = (Int64ColumnBuffer)session.Columns[0];
        var users = Array.Empty<long>();
        var micros = Array.Empty<long>();
        var encoded = new ByteBuffer(1 << 16);
        string? bronzePath = null;
        SafeFileHandle? bronze = null;
        try
        {
            foreach (var group in _rowGroups)
            {
                if (group.BronzeFile != bronzePath)
                {
                    bronze?.Dispose();
                    bronze = File.OpenHandle(bronzePath = group.BronzeFile);
                }

                encoded.Clear();
                ReadExactly(bronze!, encoded.GetSpan(group.Bytes)[..group.Bytes], group.BronzeOffset);
                DropBehind.Read(bronze!, group.BronzeOffset, group.Bytes);
                encoded.Advance(group.Bytes);
                if (users.Length < group.Rows)
                {
                    users = new long[group.Rows];
                    micros = new long[group.Rows];
                }

                long rowBytes = (long)group.Rows * sizeof(long);
                ReadExactly(_spool, MemoryMarshal.AsBytes(users.AsSpan(0, group.Rows)), group.SpoolOffset);
                ReadExactly(_spool, MemoryMarshal.AsBytes(micros.AsSpan(0, group.Rows)), group.SpoolOffset + rowBytes);
                DropBehind.Read(_spool, group.SpoolOffset, 2 * rowBytes);
                for (int i = 0; i < Math.Min(PrefetchAhead, group.Rows); i++)
                    sessions.Prefetch(users[i]);
                for (int i = 0; i < group.Rows; i++)
                {
                    if (i + PrefetchAhead < group.Rows)
                        sessions.Prefetch(users[i + PrefetchAhead]);
                    if (sessions.TryFind(users[i], micros[i], out long start))
                        starts.Add(start);
                    else
                        starts.AddNull();
                }

                var sessionChunk = session.Encode(encoded);
                file.AppendRowGroup(group.Rows, [.. group.Chunks, .. sessionChunk], encoded.Written);
            }
        }
        finally
        {
            bronze?.Dispose();
        }

        return file.Close();
    }

    public void Dispose()
    {
        _spool.Dispose();
        File.Delete(SpoolPath);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
                throw new EndOfStreamException($"a bronze or spool file ended before silver's row group at {offset}");
            buffer = buffer[read..];
            offset += read;
        }
    }
}
