using System.Text;
using System.Text.Json;
using ShopStream.Lake.DuckDb;
using Spectre.Console;

namespace ShopStream.Cli.Lake;

/// <summary>Prints a query result as a table, CSV (RFC 4180, header first, NULL empty) or a JSON array of objects.</summary>
internal static class QueryOutput
{
    public static long Write(DuckDbResult result, string format, TextWriter output, long maxRows)
    {
        var names = Enumerable.Range(0, result.ColumnCount).Select(result.ColumnName).ToArray();
        return format switch
        {
            "csv" => WriteCsv(result, names, output, maxRows),
            "json" => WriteJson(result, names, output, maxRows),
            _ => WriteTable(result, names, maxRows),
        };
    }

    private static IEnumerable<(DuckDbChunk Chunk, int Row)> Rows(DuckDbResult result, long maxRows)
    {
        long n = 0;
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                if (maxRows > 0 && n++ >= maxRows)
                    yield break;
                yield return (chunk, r);
            }
        }
    }

    private static long WriteTable(DuckDbResult result, string[] names, long maxRows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var name in names)
            table.AddColumn(new TableColumn(Markup.Escape(name)));
        long rows = 0;
        foreach (var (chunk, r) in Rows(result, maxRows))
        {
            table.AddRow(Enumerable.Range(0, names.Length).Select(c => Markup.Escape(Text(chunk.Column(c), r) ?? "NULL")).ToArray());
            rows++;
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[grey]{rows:N0} row(s)[/]");
        return rows;
    }

    private static long WriteCsv(DuckDbResult result, string[] names, TextWriter output, long maxRows)
    {
        output.Write(string.Join(',', names.Select(Quote)));
        output.Write('\n');
        long rows = 0;
        foreach (var (chunk, r) in Rows(result, maxRows))
        {
            output.Write(string.Join(',', Enumerable.Range(0, names.Length).Select(c => Quote(Text(chunk.Column(c), r) ?? ""))));
            output.Write('\n');
            rows++;
        }

        return rows;
    }

    private static long WriteJson(DuckDbResult result, string[] names, TextWriter output, long maxRows)
    {
        using var buffer = new MemoryStream();
        long rows = 0;
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartArray();
            foreach (var (chunk, r) in Rows(result, maxRows))
            {
                json.WriteStartObject();
                for (int c = 0; c < names.Length; c++)
                {
                    var column = chunk.Column(c);
                    json.WritePropertyName(names[c]);
                    switch (column.IsNull(r) ? null : column.IsReadable ? column.Value(r) : Text(column, r))
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: json.WriteNumberValue(l); break;
                        case ulong u: json.WriteNumberValue(u); break;
                        case Int128 or UInt128: json.WriteRawValue(Text(column, r)!); break;
                        case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                        case decimal m: json.WriteNumberValue(m); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        default: json.WriteStringValue(Text(column, r)); break;
                    }
                }

                json.WriteEndObject();
                rows++;
                if (buffer.Length > 1 << 16)
                {
                    json.Flush();
                    output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                    buffer.SetLength(0);
                }
            }

            json.WriteEndArray();
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
        return rows;
    }

    private static string? Text(DuckDbColumn column, int row) =>
        column.IsNull(row) ? null : column.IsReadable ? column.Text(row) : $"<{column.Type.ToString().ToUpperInvariant()}>";

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
