using System.Text;
using System.Text.Json;
using ShopStream.Lake.DuckDb;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ShopStream.Cli.Lake;

/// <summary>
/// Prints a query result as a table, CSV (RFC 4180, header first, NULL empty) or a JSON array of objects. A result cut
/// at <c>--max-rows</c> says so. A table holds its rows in memory until printed (391k rows of silver took 9 GB), so
/// without <c>--max-rows</c> it shows the first <see cref="TableRows"/> and says how to get them all.
/// </summary>
internal static class QueryOutput
{
    public const int TableRows = 10_000;

    public static void Write(DuckDbResult result, string format, TextWriter output, long maxRows)
    {
        var names = Enumerable.Range(0, result.ColumnCount).Select(result.ColumnName).ToArray();
        var cut = new RowLimit(format is "csv" or "json" || maxRows > 0 ? maxRows : TableRows);
        long rows = format switch
        {
            "csv" => WriteCsv(result, names, output, cut),
            "json" => WriteJson(result, names, output, cut),
            _ => WriteTable(result, names, cut),
        };
        if (cut.Reached)
        {
            output.Flush(); // the rows first: with 2>&1 the note came above them
            string why = maxRows > 0 ? "--max-rows" : "a table's limit: --format csv or json prints every row, or set --max-rows above 10,000";
            Console.Error.WriteLine($"shopstream: the result has more rows than the {rows:N0} shown ({why})");
        }
    }

    // How many rows to print, and whether the result had more.
    private sealed class RowLimit(long max)
    {
        /// <summary>0: every row.</summary>
        public long Max { get; } = max;

        public bool Reached { get; set; }
    }

    private static IEnumerable<(DuckDbChunk Chunk, int Row)> Rows(DuckDbResult result, RowLimit limit)
    {
        long n = 0;
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                if (limit.Max > 0 && n++ >= limit.Max)
                {
                    limit.Reached = true;
                    yield break;
                }

                yield return (chunk, r);
            }
        }
    }

    private static long WriteTable(DuckDbResult result, string[] names, RowLimit limit)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < names.Length; c++)
        {
            // Text, not markup: escaping brackets still left ':warning:' in a value to become an emoji.
            var column = new TableColumn(new Text(Shown(names[c])));
            table.AddColumn(IsNumber(result.ColumnType(c)) ? column.RightAligned() : column);
        }

        long rows = 0;
        foreach (var (chunk, r) in Rows(result, limit))
        {
            table.AddRow(Enumerable.Range(0, names.Length).Select(c => (IRenderable)new Text(Text(chunk.Column(c), r) is { } text ? Shown(text) : "NULL")).ToArray());
            rows++;
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[grey]{rows:N0} row(s)[/]");
        return rows;
    }

    // A table is for a terminal: the lake's text is the shops' (a brand, a raw rejected record) and may hold control
    // characters, which the terminal would act on (an escape sequence retitles the window, moves the cursor, hides
    // text). They are shown as escapes (\n, \t, \x1b); CSV and JSON keep the values as they are.
    internal static string Shown(string text)
    {
        if (!text.Any(char.IsControl))
            return text;
        var shown = new System.Text.StringBuilder(text.Length + 8);
        foreach (char ch in text)
        {
            shown.Append(ch switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(ch) => $"\\x{(int)ch:x2}", // C0, DEL and C1: all below 0x100
                _ => ch.ToString(),
            });
        }

        return shown.ToString();
    }

    private static long WriteCsv(DuckDbResult result, string[] names, TextWriter output, RowLimit limit)
    {
        output.Write(string.Join(',', names.Select(Quote)));
        output.Write('\n');
        long rows = 0;
        foreach (var (chunk, r) in Rows(result, limit))
        {
            output.Write(string.Join(',', Enumerable.Range(0, names.Length).Select(c => Quote(Text(chunk.Column(c), r) ?? ""))));
            output.Write('\n');
            rows++;
        }

        return rows;
    }

    private static long WriteJson(DuckDbResult result, string[] names, TextWriter output, RowLimit limit)
    {
        var keys = UniqueKeys(names);
        using var buffer = new MemoryStream();
        long rows = 0;
        // Relaxed escaping: quotes, apostrophes, + and accented letters as themselves (\u0022 was valid JSON but hard to
        // read; characters outside the BMP, emoji, stay escaped); the output is a file or a terminal, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var (chunk, r) in Rows(result, limit))
            {
                json.WriteStartObject();
                for (int c = 0; c < names.Length; c++)
                {
                    var column = chunk.Column(c);
                    json.WritePropertyName(keys[c]);
                    switch (column.IsNull(r) ? null : column.IsReadable ? column.Value(r) : Text(column, r))
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: json.WriteNumberValue(l); break;
                        case ulong u: json.WriteNumberValue(u); break;
                        case Int128 or UInt128 or DuckDbWideDecimal: json.WriteRawValue(Text(column, r)!); break;
                        case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                        case decimal m: json.WriteNumberValue(m); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        default: json.WriteStringValue(Text(column, r)); break;
                    }
                }

                json.WriteEndObject();
                rows++;
                if (json.BytesPending > 1 << 16)
                {
                    json.Flush(); // the writer holds what it writes until flushed: a million rows took 146 MB
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

    // An object's keys: a column name that comes again gets the first free _1, _2, ... (SELECT 1 a, 2 a printed
    // {"a":1,"a":2}, of which most parsers keep one).
    private static string[] UniqueKeys(string[] names)
    {
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new string[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            string key = names[c];
            for (int n = 1; seen.Contains(key) || (n > 1 && taken.Contains(key)); n++)
                key = $"{names[c]}_{n}"; // not one another column is named either
            seen.Add(key);
            keys[c] = key;
        }

        return keys;
    }

    // Numbers are right-aligned in a table, so that their digits line up.
    private static bool IsNumber(DuckDbType type) => type is DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer
        or DuckDbType.BigInt or DuckDbType.HugeInt or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger
        or DuckDbType.UBigInt or DuckDbType.UHugeInt or DuckDbType.Float or DuckDbType.Double or DuckDbType.Decimal;

    private static string? Text(DuckDbColumn column, int row) =>
        column.IsNull(row) ? null : column.IsReadable ? column.Text(row) : $"<{column.Type.ToString().ToUpperInvariant()}>";

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
