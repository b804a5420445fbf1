using System.Globalization;
using System.Text;

namespace ShopStream.Api.Store;

/// <summary>
/// Reads the CSV files a run writes (RFC 4180: a field starting with a quote is quoted, <c>""</c> inside is a
/// quote, and a quoted field may hold separators and line breaks), streaming: rows are parsed as they are read, so
/// a table of millions of rows never sits in memory as text. The header's columns are looked up by name, so a
/// reordered or extended file still reads. It runs once per reload, not per request.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly StreamReader _reader;
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];

    private CsvTable(string file)
    {
        File = file;
        _reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        try
        {
            var header = NextRow() ?? throw new InvalidDataException($"'{file}' has no header line");
            for (int i = 0; i < header.Length; i++)
                _columns[header[i]] = i;
        }
        catch
        {
            _reader.Dispose(); // no table for the caller to dispose
            throw;
        }
    }

    public string File { get; }

    /// <summary>The table in <paramref name="file"/>, open at its first row, or null when there is no such file (an optional output).</summary>
    public static CsvTable? OpenIfExists(string file) => System.IO.File.Exists(file) ? new CsvTable(file) : null;

    /// <summary>The index of <paramref name="name"/>; a missing required column is a damaged file.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out int i) ? i : throw new InvalidDataException($"'{File}' has no column '{name}'");

    /// <summary>The rows after the header, read as they are enumerated (once).</summary>
    public IEnumerable<string[]> Rows()
    {
        while (NextRow() is { } row)
        {
            if (row.Length != _columns.Count)
                throw new InvalidDataException($"'{File}' has a row of {row.Length} fields under a header of {_columns.Count}");
            yield return row;
        }
    }

    public void Dispose() => _reader.Dispose();

    public static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static decimal Decimal(string s) =>
        s.Length == 0 ? 0 : decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    // As Iso8601 writes them: whole seconds, or a fraction of one to seven digits, trimmed (input times of milliseconds).
    private static readonly string[] s_times = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public static DateTime Time(string s) =>
        DateTime.ParseExact(s, s_times, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string? Text(string s) => s.Length == 0 ? null : s;

    // One record; null at the end of the file. Most lines hold no quote and are split as they are; a line with a
    // quoted field is parsed character by character, taking in the next line while a quoted field is still open.
    private string[]? NextRow()
    {
        var line = _reader.ReadLine();
        if (line is null)
            return null;
        if (!line.Contains('"', StringComparison.Ordinal))
            return line.Split(',');
        _fields.Clear();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i == line.Length)
                    {
                        // The quoted field goes on past a line break.
                        line = _reader.ReadLine() ?? throw new InvalidDataException($"'{File}' ends inside a quoted field");
                        _field.Append('\n');
                        i = 0;
                        continue;
                    }

                    char c = line[i++];
                    if (c == '"')
                    {
                        if (i < line.Length && line[i] == '"')
                        {
                            i++;
                            _field.Append('"');
                            continue;
                        }

                        break;
                    }

                    _field.Append(c);
                }
            }

            int comma = line.IndexOf(',', i);
            _field.Append(line, i, (comma < 0 ? line.Length : comma) - i);
            _fields.Add(_field.ToString());
            _field.Clear();
            if (comma < 0)
                return [.. _fields];
            i = comma + 1;
        }
    }
}
