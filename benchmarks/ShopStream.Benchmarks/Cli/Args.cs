using System.Globalization;

namespace ShopStream.Benchmarks.Cli;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing for the benchmark subcommands.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{a}'");
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                _values[a[..eq]] = a[(eq + 1)..];
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                _values[a] = list[++i];
            else
                _values[a] = null;
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) ? v : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public long Count(string name, long fallback) => String(name) is { } s ? ParseCount(s) : fallback;

    public int Int(string name, int fallback) => String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Throws when an option was given that no code asked for (a typo).</summary>
    public void ThrowIfUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown option(s): {string.Join(' ', unknown)}");
    }

    /// <summary>A count such as <c>5000</c>, <c>500k</c>, <c>1M</c>, <c>20m</c>, <c>1_000_000</c>.</summary>
    public static long ParseCount(string s)
    {
        s = s.Replace("_", "", StringComparison.Ordinal).Trim();
        long scale = 1;
        if (s.EndsWith('k') || s.EndsWith('K'))
            scale = 1_000;
        else if (s.EndsWith('m') || s.EndsWith('M'))
            scale = 1_000_000;
        else if (s.EndsWith('g') || s.EndsWith('G') || s.EndsWith('b') || s.EndsWith('B'))
            scale = 1_000_000_000;
        if (scale != 1)
            s = s[..^1];
        return (long)(double.Parse(s, CultureInfo.InvariantCulture) * scale);
    }

    /// <summary>1000000 as <c>1M</c>, 500000 as <c>500k</c>, otherwise the digits.</summary>
    public static string FormatCount(long n) =>
        n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n % 1_000 == 0 ? $"{n / 1_000}k" : n.ToString(CultureInfo.InvariantCulture);
}
