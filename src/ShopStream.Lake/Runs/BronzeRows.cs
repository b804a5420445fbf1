using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Copies each batch of accepted events into DuckDB's in-memory staging table <c>bronze_rows</c> through data chunks,
/// on the reader's thread, with every column ready to write (event ids and type names rendered here, which is cheaper
/// than in SQL). It also marks duplicates (a fingerprint seen before, as the pipeline's dedup) and keeps each event's
/// user and time, from which <see cref="SessionStarts"/> finds its session once the run's sessions are known.
/// </summary>
internal sealed class BronzeRows : IDisposable
{
    public const string CreateTable = """
        CREATE TABLE bronze_rows (
            event_id VARCHAR, event_time TIMESTAMPTZ, event_type VARCHAR, user_id BIGINT, session_id VARCHAR, product_id BIGINT,
            category_id BIGINT, category_code VARCHAR, brand VARCHAR, price DECIMAL(18,4), quantity INTEGER, order_id VARCHAR,
            country VARCHAR, user_agent VARCHAR, ip VARCHAR, source VARCHAR, line BIGINT, duplicate BOOLEAN)
        """;

    // Interned strings (category codes, brands, countries) are encoded once; the cache is bounded in case a source does not intern.
    private const int MaxCachedStrings = 1 << 16;

    private static readonly byte[][] s_typeNames = Enumerable.Range(0, EventTypes.Count).Select(t => Encoding.UTF8.GetBytes(EventTypes.Name((EventType)t))).ToArray();

    private readonly DuckDbAppender _appender;
    private readonly DuckDbChunkBuilder _rows = new(
        DuckDbType.Varchar, DuckDbType.TimestampTz, DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.BigInt,
        DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbColumnType.Decimal(18, 4), DuckDbType.Integer, DuckDbType.Varchar,
        DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.Boolean);

    private readonly Dictionary<string, byte[]> _utf8 = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<UInt128> _seen = [];
    private readonly byte[] _text = new byte[64];

    public BronzeRows(DuckDbConnection connection)
    {
        connection.Execute(CreateTable);
        _appender = connection.CreateAppender("bronze_rows");
    }

    /// <summary>Each staged event's user and time, in staging order (for the sessions' positional join).</summary>
    public SessionStarts Keys { get; } = new();

    /// <summary>Staged events marked as duplicates (silver leaves them out).</summary>
    public long Duplicates { get; private set; }

    public void Add(EventBatch batch)
    {
        var events = batch.Events;
        byte[] source = Encoding.UTF8.GetBytes(batch.Source);
        for (int i = 0; i < batch.Count; i++)
        {
            ref readonly var e = ref events[i];
            int r = _rows.NewRow();
            if (e.SourceEventId is { } id)
                _rows.SetString(0, r, id);
            else
                _rows.SetUtf8(0, r, Hex(e.Fingerprint));
            _rows.SetTimestampTicks(1, r, e.EventTimeTicks);
            _rows.SetUtf8(2, r, s_typeNames[(int)e.Type]);
            _rows.SetInt64(3, r, e.UserId);
            if (e.SessionText is not null)
            {
                SetText(4, r, e.SessionText, cache: false);
            }
            else if (e.SessionId != Guid.Empty)
            {
                e.SessionId.TryFormat(_text, out int n);
                _rows.SetUtf8(4, r, _text.AsSpan(0, n));
            }
            else
            {
                _rows.SetNull(4, r);
            }

            _rows.SetInt64(5, r, e.ProductId);
            if (e.CategoryId == 0)
                _rows.SetNull(6, r);
            else
                _rows.SetInt64(6, r, e.CategoryId);
            SetText(7, r, e.CategoryCode, cache: true);
            SetText(8, r, e.Brand, cache: true);
            _rows.SetDecimal(9, r, e.Price);
            _rows.SetInt32(10, r, e.Quantity);
            SetText(11, r, e.OrderId, cache: false);
            SetText(12, r, e.Country, cache: true);
            SetText(13, r, e.UserAgent, cache: false);
            SetText(14, r, e.Ip, cache: false);
            _rows.SetUtf8(15, r, source);
            _rows.SetInt64(16, r, batch.LineOf(i));
            bool duplicate = !_seen.Add(e.Fingerprint);
            Duplicates += duplicate ? 1 : 0;
            _rows.SetBoolean(17, r, duplicate);
            Keys.Add(e.UserId, e.EventTimeTicks);
            if (_rows.IsFull)
                _appender.Append(_rows);
        }
    }

    /// <summary>Appends what is left and closes the appender (errors surface here).</summary>
    public void Complete()
    {
        _appender.Append(_rows);
        _appender.Close();
        _seen.Clear();
        _seen.TrimExcess();
    }

    public void Dispose()
    {
        _appender.Dispose();
        _rows.Dispose();
    }

    // SPEC's event_id for sources without one: the fingerprint as 32 lowercase hex digits (ShopEvent.EventId).
    private ReadOnlySpan<byte> Hex(UInt128 value)
    {
        ((ulong)(value >> 64)).TryFormat(_text, out _, "x16", null);
        ((ulong)value).TryFormat(_text.AsSpan(16), out _, "x16", null);
        return _text.AsSpan(0, 32);
    }

    private void SetText(int column, int row, string? value, bool cache)
    {
        if (value is null || value.Length == 0)
        {
            _rows.SetNull(column, row);
            return;
        }

        if (!cache)
        {
            _rows.SetString(column, row, value);
            return;
        }

        if (!_utf8.TryGetValue(value, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(value);
            if (_utf8.Count < MaxCachedStrings)
                _utf8[value] = bytes;
        }

        _rows.SetUtf8(column, row, bytes);
    }
}
