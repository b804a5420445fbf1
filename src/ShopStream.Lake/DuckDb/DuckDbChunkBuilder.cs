using System.Buffers;
using System.Text;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// Rows for <see cref="DuckDbAppender.Append(DuckDbChunkBuilder)"/>, written straight into DuckDB's vectors: one
/// native call per string and none per number, far fewer than appending value by value. Start a row with
/// <see cref="NewRow"/>, set its columns (a column not set is undefined, so set every one, NULL included),
/// and append when <see cref="IsFull"/>.
/// </summary>
public sealed unsafe class DuckDbChunkBuilder : IDisposable
{
    private readonly DataChunkHandle _owned;
    private readonly DuckDbColumnType[] _types;
    private readonly void*[] _data;
    private readonly IntPtr[] _vectors;
    private readonly ulong*[] _validity;
    private IntPtr _chunk;

    /// <summary>A builder of its own chunk, for an appender.</summary>
    public DuckDbChunkBuilder(params DuckDbColumnType[] types)
    {
        DuckDbLibrary.EnsureLoaded();
        foreach (var t in types)
        {
            if (t.Type is not (DuckDbType.BigInt or DuckDbType.UBigInt or DuckDbType.Integer or DuckDbType.Double or DuckDbType.Boolean or DuckDbType.Varchar
                or DuckDbType.Timestamp or DuckDbType.TimestampTz or DuckDbType.Date or DuckDbType.Decimal))
            {
                throw new NotSupportedException($"chunk columns of type {t.Type} are not supported by this binding");
            }

            if (t.Type == DuckDbType.Decimal && (t.Width is < 1 or > 18 || t.Scale > t.Width))
                throw new ArgumentException($"DECIMAL({t.Width},{t.Scale}): the binding writes DECIMALs of 1 to 18 digits", nameof(types));
        }

        _types = types;
        Capacity = (int)DuckDbNative.duckdb_vector_size();
        _data = new void*[types.Length];
        _vectors = new IntPtr[types.Length];
        _validity = new ulong*[types.Length];
        var logical = new IntPtr[types.Length];
        try
        {
            for (int i = 0; i < types.Length; i++)
                logical[i] = types[i].CreateLogicalType();
            fixed (IntPtr* p = logical)
                _owned = new DataChunkHandle(DuckDbNative.duckdb_create_data_chunk(p, (ulong)types.Length));
        }
        finally
        {
            for (int i = 0; i < logical.Length; i++)
            {
                if (logical[i] != IntPtr.Zero)
                    DuckDbNative.duckdb_destroy_logical_type(ref logical[i]);
            }
        }

        _chunk = _owned.DangerousGetHandle();
        Reset();
    }

    /// <summary>Rows a chunk holds (DuckDB's vector size, 2,048).</summary>
    public int Capacity { get; }

    public int RowCount { get; private set; }

    public bool IsFull => RowCount == Capacity;

    /// <summary>Starts a row and returns its index.</summary>
    public int NewRow()
    {
        ObjectDisposedException.ThrowIf(_chunk == IntPtr.Zero, this);
        if (IsFull)
            throw new InvalidOperationException("the chunk is full: append it first");
        return RowCount++;
    }

    public void SetInt64(int column, int row, long value) => Slot<long>(column, row, DuckDbType.BigInt) = value;

    public void SetUInt64(int column, int row, ulong value) => Slot<ulong>(column, row, DuckDbType.UBigInt) = value;

    public void SetInt32(int column, int row, int value) => Slot<int>(column, row, DuckDbType.Integer) = value;

    public void SetDouble(int column, int row, double value) => Slot<double>(column, row, DuckDbType.Double) = value;

    public void SetBoolean(int column, int row, bool value) => Slot<byte>(column, row, DuckDbType.Boolean) = value ? (byte)1 : (byte)0;

    /// <summary>Sets a TIMESTAMP or TIMESTAMPTZ from UTC ticks (<see cref="DateTime.Ticks"/>), to the microsecond.</summary>
    public void SetTimestampTicks(int column, int row, long utcTicks)
    {
        var type = _types[column].Type;
        Slot<long>(column, row, type is DuckDbType.TimestampTz ? DuckDbType.TimestampTz : DuckDbType.Timestamp) = UnixMicros.FromTicks(utcTicks);
    }

    /// <summary>Sets a DATE from days since 1970-01-01.</summary>
    public void SetDate(int column, int row, int days) => Slot<int>(column, row, DuckDbType.Date) = days;

    /// <summary>Sets a DECIMAL, rounded half away from zero to the column's scale.</summary>
    public void SetDecimal(int column, int row, decimal value)
    {
        ref long slot = ref Slot<long>(column, row, DuckDbType.Decimal);
        var type = _types[column];
        if (type.Width <= 9)
            throw new NotSupportedException("DECIMAL columns of 9 digits or fewer are not supported by the chunk builder: use width 10 to 18");

        slot = DecimalScaling.Unscaled(value, type.Scale);
    }

    /// <summary>Sets a VARCHAR from UTF-8 bytes (copied by DuckDB).</summary>
    public void SetUtf8(int column, int row, ReadOnlySpan<byte> utf8)
    {
        CheckSlot(column, row, DuckDbType.Varchar);

        // A string of up to 12 bytes lives inline in DuckDB's 16-byte string_t (length, then the bytes, zero-padded),
        // so it is written in place without a call; longer ones go to the vector's string heap through DuckDB.
        if (utf8.Length <= 12 && System.Text.Unicode.Utf8.IsValid(utf8))
        {
            byte* slot = (byte*)_data[column] + (row * 16);
            *(int*)slot = utf8.Length;
            var inline = new Span<byte>(slot + 4, 12);
            utf8.CopyTo(inline);
            inline[utf8.Length..].Clear();
            return;
        }

        fixed (byte* p = utf8)
            DuckDbNative.duckdb_vector_assign_string_element_len(_vectors[column], (ulong)row, p, (ulong)utf8.Length);
    }

    /// <summary>Sets a VARCHAR, or NULL when <paramref name="value"/> is null.</summary>
    public void SetString(int column, int row, string? value)
    {
        if (value is null)
        {
            SetNull(column, row);
            return;
        }

        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        int n = Encoding.UTF8.GetBytes(value, buffer);
        SetUtf8(column, row, buffer[..n]);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
    }

    public void SetNull(int column, int row)
    {
        CheckSlot(column, row, _types[column].Type);
        if (_validity[column] is null)
        {
            DuckDbNative.duckdb_vector_ensure_validity_writable(_vectors[column]);
            _validity[column] = DuckDbNative.duckdb_vector_get_validity(_vectors[column]);
        }

        _validity[column][row >> 6] &= ~(1UL << (row & 63));
    }

    /// <summary>Empties the builder (its rows have been appended, or are dropped).</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_chunk == IntPtr.Zero, this);
        IntPtr chunk = _chunk;
        DuckDbNative.duckdb_data_chunk_reset(chunk);
        for (int c = 0; c < _types.Length; c++)
        {
            _vectors[c] = DuckDbNative.duckdb_data_chunk_get_vector(chunk, (ulong)c);
            _data[c] = (void*)DuckDbNative.duckdb_vector_get_data(_vectors[c]);
            _validity[c] = null;
        }

        RowCount = 0;
    }

    public void Dispose()
    {
        _chunk = IntPtr.Zero;
        _owned.Dispose();
    }

    /// <summary>Sets the chunk's row count to the rows built and returns the chunk.</summary>
    internal IntPtr Prepared()
    {
        ObjectDisposedException.ThrowIf(_chunk == IntPtr.Zero, this);
        DuckDbNative.duckdb_data_chunk_set_size(_chunk, (ulong)RowCount);
        return _chunk;
    }

    private ref T Slot<T>(int column, int row, DuckDbType type)
        where T : unmanaged
    {
        CheckSlot(column, row, type);
        return ref ((T*)_data[column])[row];
    }

    private void CheckSlot(int column, int row, DuckDbType type)
    {
        if (_types[column].Type != type)
            throw new InvalidCastException($"column {column} is {_types[column].Type}, not {type}");
        if ((uint)row >= (uint)RowCount)
            throw new ArgumentOutOfRangeException(nameof(row), row, "start the row with NewRow first");
    }
}
