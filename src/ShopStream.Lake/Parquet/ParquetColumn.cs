using System.Globalization;
using System.Text.RegularExpressions;
using ShopStream.Lake.Delta;

namespace ShopStream.Lake.Parquet;

/// <summary>One column of a Parquet file the lake writes: name, type, whether it may hold nulls, and a decimal's precision and scale.</summary>
public sealed partial record ParquetColumn(string Name, ParquetColumnKind Kind, bool Nullable, int Precision = 0, int Scale = 0)
{
    /// <summary>The column a Delta field is written as (decimals of precision 10 to 18 only: they are INT64).</summary>
    public static ParquetColumn FromDelta(DeltaField field)
    {
        var kind = field.Type switch
        {
            "string" => ParquetColumnKind.String,
            "long" => ParquetColumnKind.Int64,
            "integer" => ParquetColumnKind.Int32,
            "boolean" => ParquetColumnKind.Boolean,
            "timestamp" => ParquetColumnKind.Timestamp,
            "date" => ParquetColumnKind.Date,
            _ => (ParquetColumnKind?)null,
        };
        if (kind is { } k)
            return new ParquetColumn(field.Name, k, field.Nullable);
        var m = DecimalPattern().Match(field.Type);
        if (m.Success)
        {
            int precision = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), scale = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (precision is >= 10 and <= 18 && scale <= precision)
                return new ParquetColumn(field.Name, ParquetColumnKind.Decimal, field.Nullable, precision, scale);
        }

        throw new NotSupportedException($"column {field.Name}: the Parquet writer does not write Delta type '{field.Type}'");
    }

    /// <summary>The columns of a Delta schema, in order.</summary>
    public static IReadOnlyList<ParquetColumn> FromDelta(DeltaSchema schema) => [.. schema.Fields.Select(FromDelta)];

    [GeneratedRegex(@"^decimal\((\d{1,2}),(\d{1,2})\)$")]
    private static partial Regex DecimalPattern();
}
