using System.Globalization;

namespace ShopStream.Api.Store;

/// <summary>
/// Reads the CSV files a run writes (RFC 4180: a field starting with a quote is quoted, <c>""</c> inside is a
/// quote) into rows of fields, with the header's columns looked up by name so a reordered or extended file still
/// reads. Small and allocation-happy: it runs once per reload, not per request.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, Dictionary<string, int> columns, List<string[]> rows)
    {
        File = file;
        _columns = columns;
        Rows = rows;
    }

    public string File { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The table in <paramref name="file"/>, or null when there is no such file (an optional output).</summary>
    public static CsvTable? ReadIfExists(string file)
    {
        if (!System.IO.File.Exists(file))
            return null;
        var rows = Parse(System.IO.File.ReadAllText(file));
        if (rows.Count == 0)
            throw new InvalidDataException($"'{file}' has no header line");
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < rows[0].Length; i++)
            columns[rows[0][i]] = i;
        rows.RemoveAt(0);
        return new CsvTable(file, columns, rows);
    }

    /// <summary>The index of <paramref name="name"/>; a missing required column is a damaged file.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out int i) ? i : throw new InvalidDataException($"'{File}' has no column '{name}'");

    public static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static decimal Decimal(string s) =>
        s.Length == 0 ? 0 : decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    public static DateTime Time(string s) =>
        DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string? Text(string s) => s.Length == 0 ? null : s;

    private static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            // One field: quoted (may hold separators and line breaks) or plain up to the next separator.
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }

            while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                field.Append(text[i++]);
            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            // End of a row.
            if (i < text.Length && text[i] == '\r')
                i++;
            if (i < text.Length && text[i] == '\n')
                i++;
            rows.Add([.. fields]);
            fields.Clear();
        }

        return rows;
    }
}
