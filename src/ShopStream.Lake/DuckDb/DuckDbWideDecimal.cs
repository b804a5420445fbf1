using System.Globalization;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// A DECIMAL with more digits than <see cref="decimal"/> holds (up to DuckDB's 38), read exactly: its unscaled value and
/// scale, printed as plain invariant text (<c>12345678901234567890.1234567890</c>).
/// </summary>
public readonly record struct DuckDbWideDecimal(Int128 Unscaled, byte Scale)
{
    public override string ToString()
    {
        string digits = (Unscaled < 0 ? -(UInt128)Unscaled : (UInt128)Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        string sign = Unscaled < 0 ? "-" : "";
        return Scale == 0 ? sign + digits : $"{sign}{digits[..^Scale]}.{digits[^Scale..]}";
    }
}
