using System.Runtime.CompilerServices;
using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Copies each batch of accepted events into DuckDB's in-memory staging table <c>bronze_rows</c> through data chunks,
/// on the reader's thread. Interned strings (categories, brands, countries) are encoded to UTF-8 once.
/// </summary>
internal sealed class BronzeRows : IDisposable
{
    /// <summary>The staging table: bronze's columns with the fingerprint (for dedup and event ids) and the arrival sequence.</summary>
    public const string CreateTable = """
        CREATE TABLE bronze_rows (
            seq BIGINT, fp_hi UBIGINT, fp_lo UBIGINT, source_event_id VARCHAR, event_time TIMESTAMPTZ, event_type INTEGER,
            user_id BIGINT, session_id VARCHAR, product_id BIGINT, category_id BIGINT, category_code VARCHAR, brand VARCHAR,
            price DECIMAL(18,4), quantity INTEGER, order_id VARCHAR, country VARCHAR, user_agent VARCHAR, ip VARCHAR,
            source VARCHAR, line BIGINT)
        """;

    private readonly DuckDbAppender _appender;
    private readonly DuckDbChunkBuilder _rows = new(
        DuckDbType.BigInt, DuckDbType.UBigInt, DuckDbType.UBigInt, DuckDbType.Varchar, DuckDbType.TimestampTz, DuckDbType.Integer,
        DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.Varchar,
        DuckDbColumnType.Decimal(18, 4), DuckDbType.Integer, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar, DuckDbType.Varchar,
        DuckDbType.Varchar, DuckDbType.BigInt);

    private readonly ConditionalWeakTable<string, byte[]> _utf8 = [];
    private readonly byte[] _guid = new byte[36];
    private long _seq;

    public BronzeRows(DuckDbConnection connection)
    {
        connection.Execute(CreateTable);
        _appender = connection.CreateAppender("bronze_rows");
    }

    public long Count => _seq;

    public void Add(EventBatch batch)
    {
        var events = batch.Events;
        byte[] source = Encoding.UTF8.GetBytes(batch.Source);
        for (int i = 0; i < batch.Count; i++)
        {
            ref readonly var e = ref events[i];
            int r = _rows.NewRow();
            _rows.SetInt64(0, r, _seq++);
            _rows.SetUInt64(1, r, (ulong)(e.Fingerprint >> 64));
            _rows.SetUInt64(2, r, (ulong)e.Fingerprint);
            SetText(3, r, e.SourceEventId, interned: false);
            _rows.SetTimestampTicks(4, r, e.EventTimeTicks);
            _rows.SetInt32(5, r, (int)e.Type);
            _rows.SetInt64(6, r, e.UserId);
            if (e.SessionText is not null)
            {
                SetText(7, r, e.SessionText, interned: false);
            }
            else if (e.SessionId != Guid.Empty)
            {
                e.SessionId.TryFormat(_guid, out int n);
                _rows.SetUtf8(7, r, _guid.AsSpan(0, n));
            }
            else
            {
                _rows.SetNull(7, r);
            }

            _rows.SetInt64(8, r, e.ProductId);
            if (e.CategoryId == 0)
                _rows.SetNull(9, r);
            else
                _rows.SetInt64(9, r, e.CategoryId);
            SetText(10, r, e.CategoryCode, interned: true);
            SetText(11, r, e.Brand, interned: true);
            _rows.SetDecimal(12, r, e.Price);
            _rows.SetInt32(13, r, e.Quantity);
            SetText(14, r, e.OrderId, interned: false);
            SetText(15, r, e.Country, interned: true);
            SetText(16, r, e.UserAgent, interned: false);
            SetText(17, r, e.Ip, interned: false);
            _rows.SetUtf8(18, r, source);
            _rows.SetInt64(19, r, batch.LineOf(i));
            if (_rows.IsFull)
                _appender.Append(_rows);
        }
    }

    /// <summary>Appends what is left and closes the appender (errors surface here).</summary>
    public void Complete()
    {
        _appender.Append(_rows);
        _appender.Close();
    }

    public void Dispose()
    {
        _appender.Dispose();
        _rows.Dispose();
    }

    private void SetText(int column, int row, string? value, bool interned)
    {
        if (value is null || value.Length == 0)
        {
            _rows.SetNull(column, row);
            return;
        }

        if (!interned)
        {
            _rows.SetString(column, row, value);
            return;
        }

        // The parser interns these strings, so the instance is the cache key.
        if (!_utf8.TryGetValue(value, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(value);
            _utf8.AddOrUpdate(value, bytes);
        }

        _rows.SetUtf8(column, row, bytes);
    }
}
