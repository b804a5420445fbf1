using System.Text;
using ShopStream.Core.Events;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Appends a range of the staged events to DuckDB's staging table <c>bronze_rows</c> through data chunks, every
/// column ready to write (event ids and type names rendered here, cheaper than in SQL), with the session start and
/// duplicate mark silver needs. Several writers, each on its own connection, fill the table side by side.
/// </summary>
internal sealed class BronzeRowWriter
{
    public const string CreateTable = """
        CREATE TABLE bronze_rows (
            event_id VARCHAR, event_time TIMESTAMPTZ, event_type VARCHAR, user_id BIGINT, session_id VARCHAR, product_id BIGINT,
            category_id BIGINT, category_code VARCHAR, brand VARCHAR, price DECIMAL(18,4), quantity INTEGER, order_id VARCHAR,
            country VARCHAR, user_agent VARCHAR, ip VARCHAR, source VARCHAR, line BIGINT, session_start TIMESTAMPTZ, duplicate BOOLEAN)
        """;

    // Interned strings (category codes, brands, countries) are encoded once; the cache is bounded in case a source does not intern.
    private const int MaxCachedStrings = 1 << 16;

    private static readonly byte[][] s_typeNames = Enumerable.Range(0, EventTypes.Count).Select(t => Encoding.UTF8.GetBytes(EventTypes.Name((EventType)t))).ToArray();

    private readonly Dictionary<string, byte[]> _utf8 = new(ReferenceEqualityComparer.Instance);
    private readonly byte[] _text = new byte[64];

    public static void Write(DuckDbConnection connection, StagedEvents events, long from, long to, bool[] duplicates, SessionIndex sessions) =>
        new BronzeRowWriter().Append(connection, events, from, to, duplicates, sessions);

    private void Append(DuckDbConnection connection, StagedEvents events, long from, long to, bool[] duplicates, SessionIndex sessions)
    {
        var sources = events.SourceNames.Select(Encoding.UTF8.GetBytes).ToArray();
        using var appender = connection.CreateAppender("bronze_rows");
        using var rows = new DuckDbChunkBuilder(
            DuckDbType.Varchar, DuckDbType.TimestampTz, DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.BigInt,
            DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbColumnType.Decimal(18, 4), DuckDbType.Integer, DuckDbType.Varchar,
            DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.TimestampTz, DuckDbType.Boolean);
        for (long i = from; i < to; i++)
        {
            ref readonly var e = ref events.Event(i);
            int r = rows.NewRow();
            if (e.SourceEventId is { } id)
                rows.SetString(0, r, id);
            else
                rows.SetUtf8(0, r, Hex(e.Fingerprint));
            rows.SetTimestampTicks(1, r, e.EventTimeTicks);
            rows.SetUtf8(2, r, s_typeNames[(int)e.Type]);
            rows.SetInt64(3, r, e.UserId);
            if (e.SessionText is not null)
            {
                SetText(rows, 4, r, e.SessionText, cache: false);
            }
            else if (e.SessionId != Guid.Empty)
            {
                e.SessionId.TryFormat(_text, out int n);
                rows.SetUtf8(4, r, _text.AsSpan(0, n));
            }
            else
            {
                rows.SetNull(4, r);
            }

            rows.SetInt64(5, r, e.ProductId);
            if (e.CategoryId == 0)
                rows.SetNull(6, r);
            else
                rows.SetInt64(6, r, e.CategoryId);
            SetText(rows, 7, r, e.CategoryCode, cache: true);
            SetText(rows, 8, r, e.Brand, cache: true);
            rows.SetDecimal(9, r, e.Price);
            rows.SetInt32(10, r, e.Quantity);
            SetText(rows, 11, r, e.OrderId, cache: false);
            SetText(rows, 12, r, e.Country, cache: true);
            SetText(rows, 13, r, e.UserAgent, cache: false);
            SetText(rows, 14, r, e.Ip, cache: false);
            rows.SetUtf8(15, r, sources[events.Source(i)]);
            rows.SetInt64(16, r, events.Line(i));
            if (sessions.StartOf(e.UserId, e.EventTimeTicks) is long start)
                rows.SetTimestampTicks(17, r, start);
            else
                rows.SetNull(17, r);
            rows.SetBoolean(18, r, duplicates[i]);
            if (rows.IsFull)
                appender.Append(rows);
        }

        appender.Append(rows);
        appender.Close();
    }

    // SPEC's event_id for sources without one: the fingerprint as 32 lowercase hex digits (ShopEvent.EventId).
    private ReadOnlySpan<byte> Hex(UInt128 value)
    {
        ((ulong)(value >> 64)).TryFormat(_text, out _, "x16", null);
        ((ulong)value).TryFormat(_text.AsSpan(16), out _, "x16", null);
        return _text.AsSpan(0, 32);
    }

    private void SetText(DuckDbChunkBuilder rows, int column, int row, string? value, bool cache)
    {
        if (value is null || value.Length == 0)
        {
            rows.SetNull(column, row);
            return;
        }

        if (!cache)
        {
            rows.SetString(column, row, value);
            return;
        }

        if (!_utf8.TryGetValue(value, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(value);
            if (_utf8.Count < MaxCachedStrings)
                _utf8[value] = bytes;
        }

        rows.SetUtf8(column, row, bytes);
    }
}
