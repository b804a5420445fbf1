using System.Text.RegularExpressions;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Analytics.Jobs;

/// <summary>The Delta schema of a DuckDB relation, from <c>DESCRIBE</c>: a model's SQL is the source of its table's columns.</summary>
public static partial class DuckDbSchemas
{
    /// <param name="relation">A view or table name the caller controls (never user text).</param>
    /// <exception cref="NotSupportedException">A column has a type the lake does not write.</exception>
    public static DeltaSchema Describe(DuckDbConnection connection, string relation)
    {
        var fields = new List<DeltaField>();
        using var result = connection.Query($"DESCRIBE \"{relation}\"");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
                fields.Add(new DeltaField(chunk.Column(0).String(r), DeltaType(chunk.Column(1).String(r))));
        }

        return new DeltaSchema(fields);
    }

    private static string DeltaType(string duckDbType)
    {
        switch (duckDbType)
        {
            case "BIGINT": return "long";
            case "INTEGER": return "integer";
            case "VARCHAR": return "string";
            case "TIMESTAMP WITH TIME ZONE": return "timestamp";
            case "DATE": return "date";
            case "BOOLEAN": return "boolean";
            case "DOUBLE": return "double";
        }

        var m = DecimalType().Match(duckDbType);
        return m.Success ? $"decimal({m.Groups[1].Value},{m.Groups[2].Value})" : throw new NotSupportedException($"a model column of type {duckDbType}: cast it to a type the lake writes");
    }

    [GeneratedRegex(@"^DECIMAL\((\d+),(\d+)\)$")]
    private static partial Regex DecimalType();
}
