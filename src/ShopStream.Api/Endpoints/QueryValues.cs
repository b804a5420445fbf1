using System.Globalization;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// Parses query-string values with messages a caller can act on. Parameters are bound as strings so a bad value
/// never reaches the framework's binder (which would answer 400 with no body): each parser throws
/// <see cref="BadQueryException"/>, answered as 400 with its message.
/// </summary>
internal static class QueryValues
{
    public static int Int(string? value, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new BadQueryException($"{name} must be a whole number from {min} to {max}, got '{Clip(value)}'");
        return n;
    }

    public static decimal? Decimal(string? value, string name, decimal min)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d < min)
            throw new BadQueryException($"{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}, got '{Clip(value)}'");
        return d;
    }

    /// <summary>An ISO 8601 UTC time (<c>2019-10-01T02:00:00Z</c>; a date alone is its midnight UTC).</summary>
    public static DateTime? Time(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            throw new BadQueryException($"{name} must be an ISO 8601 time such as 2019-10-01T02:00:00Z, got '{Clip(value)}'");
        return t;
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
