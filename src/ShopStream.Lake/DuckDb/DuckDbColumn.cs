using System.Globalization;
using System.Text;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// One column of a <see cref="DuckDbChunk"/>, read in place from DuckDB's vector: typed getters that check the
/// column's type, <see cref="IsNull"/> from the validity mask. Valid only while its chunk is not disposed.
/// </summary>
public sealed unsafe class DuckDbColumn
{
    private readonly void* _data;
    private readonly ulong* _validity;
    private readonly int _rows;
    private readonly byte _scale;
    private readonly DuckDbType _decimalStorage;

    private DuckDbColumn(DuckDbType type, void* data, ulong* validity, int rows, byte scale, DuckDbType decimalStorage)
    {
        Type = type;
        _data = data;
        _validity = validity;
        _rows = rows;
        _scale = scale;
        _decimalStorage = decimalStorage;
    }

    public DuckDbType Type { get; }

    public bool IsNull(int row)
    {
        CheckRow(row);
        return _validity is not null && (_validity[row >> 6] & (1UL << (row & 63))) == 0;
    }

    public long Int64(int row) => Type switch
    {
        DuckDbType.BigInt => Read<long>(row, DuckDbType.BigInt),
        DuckDbType.Integer => Read<int>(row, DuckDbType.Integer),
        DuckDbType.SmallInt => Read<short>(row, DuckDbType.SmallInt),
        DuckDbType.TinyInt => Read<sbyte>(row, DuckDbType.TinyInt),
        DuckDbType.UInteger => Read<uint>(row, DuckDbType.UInteger),
        DuckDbType.UBigInt => checked((long)Read<ulong>(row, DuckDbType.UBigInt)),
        DuckDbType.HugeInt => checked((long)Read<Int128>(row, DuckDbType.HugeInt)),
        DuckDbType.UHugeInt => checked((long)Read<UInt128>(row, DuckDbType.UHugeInt)),
        _ => throw WrongType("an integer"),
    };

    /// <summary>True for the types <see cref="Value"/> and <see cref="Text"/> read; lists, structs and the like are not.</summary>
    public bool IsReadable => IsReadableType(Type);

    /// <summary>Whether this binding reads values of <paramref name="type"/> (others, such as lists, structs or blobs, a query can cast to VARCHAR).</summary>
    public static bool IsReadableType(DuckDbType type) => type is DuckDbType.BigInt or DuckDbType.Integer or DuckDbType.SmallInt or DuckDbType.TinyInt
        or DuckDbType.UInteger or DuckDbType.UBigInt or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.HugeInt
        or DuckDbType.UHugeInt or DuckDbType.Double or DuckDbType.Float or DuckDbType.Boolean or DuckDbType.Decimal
        or DuckDbType.Date or DuckDbType.Varchar || IsTimestamp(type);

    // DuckDB's five timestamp types: microseconds (with or without a zone), seconds, milliseconds, nanoseconds.
    private static bool IsTimestamp(DuckDbType type) => type is DuckDbType.Timestamp or DuckDbType.TimestampTz
        or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs;

    public double Double(int row) => Type switch
    {
        DuckDbType.Double => Read<double>(row, DuckDbType.Double),
        DuckDbType.Float => Read<float>(row, DuckDbType.Float),
        _ => throw WrongType("a floating-point number"),
    };

    public bool Boolean(int row) => Read<byte>(row, DuckDbType.Boolean) != 0;

    public decimal Decimal(int row)
    {
        if (Type != DuckDbType.Decimal)
            return Type is DuckDbType.Double or DuckDbType.Float ? (decimal)Double(row) : Int64(row);
        return TryDecimal(UnscaledDecimal(row), out decimal value) ? value : throw new OverflowException("the DECIMAL value does not fit in System.Decimal");
    }

    private Int128 UnscaledDecimal(int row)
    {
        CheckRow(row);
        return _decimalStorage switch
        {
            DuckDbType.SmallInt => ((short*)_data)[row],
            DuckDbType.Integer => ((int*)_data)[row],
            DuckDbType.BigInt => ((long*)_data)[row],
            DuckDbType.HugeInt => ((Int128*)_data)[row],
            _ => throw new NotSupportedException($"DECIMAL stored as {_decimalStorage}"),
        };
    }

    // System.Decimal holds 96 bits of magnitude and a scale of at most 28: wider sums (DECIMAL(38)) read exactly while
    // they fit; a scale of 29 to 38 (DECIMAL(38,30)) never does, whatever the value (0.5 threw .NET's "scale must be
    // less than or equal to 28").
    private bool TryDecimal(Int128 unscaled, out decimal value)
    {
        UInt128 magnitude = (UInt128)(unscaled < 0 ? -unscaled : unscaled);
        bool fits = magnitude >> 96 == 0 && _scale <= 28;
        value = fits ? new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), unscaled < 0, _scale) : 0;
        return fits;
    }

    /// <summary>A DECIMAL as <see cref="decimal"/>, or as <see cref="DuckDbWideDecimal"/> when it has more digits than that holds.</summary>
    private object DecimalValue(int row)
    {
        var unscaled = UnscaledDecimal(row);
        return TryDecimal(unscaled, out decimal value) ? value : new DuckDbWideDecimal(unscaled, _scale);
    }

    /// <summary>
    /// A TIMESTAMP or TIMESTAMPTZ as a UTC <see cref="DateTime"/> (microsecond precision), TIMESTAMP_S and _MS likewise,
    /// TIMESTAMP_NS to the 100 ns a tick holds (<see cref="Text"/> prints all nine digits); a DATE as its midnight.
    /// </summary>
    /// <exception cref="OverflowException">The value is infinite (<see cref="Infinity"/>) or outside the years 1 to 9999.</exception>
    public DateTime DateTime(int row) => System.DateTime.UnixEpoch.AddTicks(Type switch
    {
        DuckDbType.Timestamp or DuckDbType.TimestampTz => TicksFromEpoch(Read<long>(row, Type), TimeSpan.TicksPerMicrosecond),
        DuckDbType.TimestampS => TicksFromEpoch(Read<long>(row, Type), TimeSpan.TicksPerSecond),
        DuckDbType.TimestampMs => TicksFromEpoch(Read<long>(row, Type), TimeSpan.TicksPerMillisecond),
        DuckDbType.TimestampNs => TicksFromEpoch(FloorDivide(Read<long>(row, Type), TimeSpan.NanosecondsPerTick), 1),
        DuckDbType.Date => TicksFromEpoch(Read<int>(row, DuckDbType.Date), TimeSpan.TicksPerDay),
        _ => throw WrongType("a timestamp or date"),
    });

    /// <summary>"infinity" or "-infinity" for DuckDB's infinite TIMESTAMP or DATE values, null for any other.</summary>
    public string? Infinity(int row) => Type switch
    {
        _ when IsTimestamp(Type) => Read<long>(row, Type) switch { long.MaxValue => "infinity", -long.MaxValue => "-infinity", _ => null },
        DuckDbType.Date => Read<int>(row, DuckDbType.Date) switch { int.MaxValue => "infinity", -int.MaxValue => "-infinity", _ => null },
        _ => null,
    };

    public string String(int row)
    {
        if (Type is not (DuckDbType.Varchar or DuckDbType.Blob))
            throw WrongType("VARCHAR");
        CheckRow(row);
        byte* s = (byte*)_data + (row * 16);
        int length = *(int*)s;
        byte* text = length <= 12 ? s + 4 : *(byte**)(s + 8);
        return Encoding.UTF8.GetString(text, length);
    }

    /// <summary>
    /// The value as a .NET object (null for NULL): long, double, bool, decimal, DateTime (UTC) or string; a UBIGINT as
    /// <see cref="ulong"/>, a HUGEINT (what DuckDB's sum of integers gives) as <see cref="Int128"/>, a UHUGEINT as
    /// <see cref="UInt128"/>, a DECIMAL with more digits than <see cref="decimal"/> holds as <see cref="DuckDbWideDecimal"/>,
    /// an infinite time as the text <c>infinity</c> or <c>-infinity</c>.
    /// </summary>
    public object? Value(int row)
    {
        if (IsNull(row))
            return null;
        return Type switch
        {
            DuckDbType.BigInt or DuckDbType.Integer or DuckDbType.SmallInt or DuckDbType.TinyInt or DuckDbType.UInteger => Int64(row),
            DuckDbType.UBigInt => Read<ulong>(row, DuckDbType.UBigInt), // hash() and the like reach 2^64 - 1
            DuckDbType.UTinyInt => (long)Read<byte>(row, DuckDbType.UTinyInt),
            DuckDbType.USmallInt => (long)Read<ushort>(row, DuckDbType.USmallInt),
            DuckDbType.HugeInt => Read<Int128>(row, DuckDbType.HugeInt),
            DuckDbType.UHugeInt => Read<UInt128>(row, DuckDbType.UHugeInt),
            DuckDbType.Double or DuckDbType.Float => Double(row),
            DuckDbType.Boolean => Boolean(row),
            DuckDbType.Decimal => DecimalValue(row),
            DuckDbType.Date => Infinity(row) ?? (object)DateTime(row),
            _ when IsTimestamp(Type) => Infinity(row) ?? (object)DateTime(row),
            DuckDbType.Varchar => String(row),
            _ => throw new NotSupportedException($"reading {Type} values is not supported by this binding"),
        };
    }

    /// <summary>The value as invariant text: ISO 8601 UTC times (<c>2019-10-01T02:29:38Z</c>), dates as <c>2019-10-01</c>; null for NULL.</summary>
    public string? Text(int row) => Value(row) switch
    {
        null => null,
        DateTime t when Type == DuckDbType.Date => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when Type == DuckDbType.TimestampNs => NanosecondText(t, Read<long>(row, Type)),
        DateTime t => t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    internal static DuckDbColumn Of(IntPtr vector, int rows)
    {
        IntPtr type = DuckDbNative.duckdb_vector_get_column_type(vector);
        try
        {
            var id = DuckDbNative.duckdb_get_type_id(type);
            byte scale = 0;
            var storage = DuckDbType.Invalid;
            if (id == DuckDbType.Decimal)
            {
                scale = DuckDbNative.duckdb_decimal_scale(type);
                storage = DuckDbNative.duckdb_decimal_internal_type(type);
            }

            return new DuckDbColumn(id, (void*)DuckDbNative.duckdb_vector_get_data(vector), DuckDbNative.duckdb_vector_get_validity(vector), rows, scale, storage);
        }
        finally
        {
            DuckDbNative.duckdb_destroy_logical_type(ref type);
        }
    }

    private T Read<T>(int row, DuckDbType expected)
        where T : unmanaged
    {
        if (Type != expected)
            throw WrongType(expected.ToString());
        CheckRow(row);
        return ((T*)_data)[row];
    }

    // A DateTime holds 100 ns ticks: the fraction comes from the nanoseconds themselves, all nine digits.
    private static string NanosecondText(DateTime time, long nanoseconds)
    {
        long fraction = nanoseconds - (FloorDivide(nanoseconds, 1_000_000_000) * 1_000_000_000);
        string whole = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0 ? whole + "Z" : whole + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private static long FloorDivide(long value, long divisor) => (value / divisor) - (value % divisor < 0 ? 1 : 0);

    // Checked against DateTime's range: DuckDB's reaches the year 294247, and its infinities are the extreme values.
    private long TicksFromEpoch(long units, long ticksPerUnit)
    {
        Int128 ticks = (Int128)units * ticksPerUnit;
        if (ticks < (System.DateTime.MinValue - System.DateTime.UnixEpoch).Ticks || ticks > (System.DateTime.MaxValue - System.DateTime.UnixEpoch).Ticks)
            throw new OverflowException($"a {Type.ToString().ToUpperInvariant()} value is outside the years 1 to 9999 that this binding reads (cast it to VARCHAR)");
        return (long)ticks;
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)_rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"the chunk has {_rows} rows");
    }

    private InvalidCastException WrongType(string wanted) => new($"the column is {Type}, not {wanted}");
}
