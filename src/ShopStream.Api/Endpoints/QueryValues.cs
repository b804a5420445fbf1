using System.Globalization;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// Parses query-string values with messages a caller can act on. Parameters are bound as strings so a bad value
/// never reaches the framework's binder (which would answer 400 with no body): each parser throws
/// <see cref="BadQueryException"/>, answered as 400 with its message.
/// </summary>
internal static class QueryValues
{
    /// <summary>
    /// Whether the text holds a NUL: .NET's number parsers ignore trailing NULs, so <c>page_size=2%00</c> read as 2
    /// where every other stray character is refused.
    /// </summary>
    public static bool HasNul(string value) => value.Contains('\0', StringComparison.Ordinal);

    public static int Int(string? value, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (HasNul(value) || !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new BadQueryException($"{name} must be a whole number from {min} to {max}, got '{Clip(value)}'");
        return n;
    }

    public static decimal? Decimal(string? value, string name, decimal min)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        // An exponent too (1e3), as JSON and most clients write numbers; a value past decimal's range is refused, and
        // said so (1e29 was "must be a number of at least 0").
        const NumberStyles Number = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (HasNul(value) || !decimal.TryParse(value, Number, CultureInfo.InvariantCulture, out var d) || d < min)
            throw new BadQueryException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {decimal.MaxValue.ToString("0.#e0", CultureInfo.InvariantCulture)}, got '{Clip(value)}'");
        // Decimal keeps 28 places: a smaller positive value read as 0, and matched what it should not (a revenue of 0).
        // Told from the text, as a double underflows to 0 too (1e-400).
        return d == 0 && IsPositive(value) ? SmallestPositive : d;
    }

    // A number's text (already parsed) with no minus sign and a digit other than 0 before its exponent.
    private static bool IsPositive(string number)
    {
        int exponent = number.IndexOfAny(['e', 'E']);
        return !number.StartsWith('-') && number.AsSpan(0, exponent < 0 ? number.Length : exponent).IndexOfAnyInRange('1', '9') >= 0;
    }

    private const decimal SmallestPositive = 0.0000000000000000000000000001m;

    // ISO 8601 only: a date, or a date and time with optional seconds, fraction and offset (none: UTC). DateTime's
    // own parser also took '10/01/2019' and RFC 1123 dates, whose reading depends on who wrote them.
    private static readonly string[] s_isoTimes =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>An ISO 8601 time (<c>2019-10-01T02:00:00Z</c>; without an offset UTC; a date alone is its midnight UTC), as UTC.</summary>
    public static DateTime? Time(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!DateTimeOffset.TryParseExact(value, s_isoTimes, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            throw new BadQueryException($"{name} must be an ISO 8601 time from 0001-01-01 to 9999-12-31 UTC, such as 2019-10-01T02:00:00Z, got '{Clip(value)}'");
        return t.UtcDateTime;
    }

    /// <summary><see cref="Time"/> of both ends of a range, <paramref name="from"/> not after <paramref name="to"/>.</summary>
    public static (DateTime? From, DateTime? To) TimeRange(string? from, string? to)
    {
        var range = (From: Time(from, "from"), To: Time(to, "to"));
        if (range is { From: { } f, To: { } t } && f > t)
            throw new BadQueryException($"from ({Clip(from!)}) is after to ({Clip(to!)})");
        return range;
    }

    /// <summary>One of <paramref name="allowed"/> (case-sensitive), or the fallback when absent.</summary>
    public static T Choice<T>(string? value, string name, T fallback, IReadOnlyDictionary<string, T> allowed)
    {
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (!allowed.TryGetValue(value, out var v))
            throw new BadQueryException($"{name} must be one of {string.Join(", ", allowed.Keys)}, got '{Clip(value)}'");
        return v;
    }

    // Echo at most a little of what the caller sent.
    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
