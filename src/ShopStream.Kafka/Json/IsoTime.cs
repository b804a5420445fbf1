using System.Globalization;

namespace ShopStream.Kafka.Json;

/// <summary>The ISO 8601 times of ShopStream's Kafka values (<c>2019-10-01T02:29:38Z</c>, a fraction or an offset allowed), as UTC.</summary>
internal static class IsoTime
{
    private static readonly string[] s_layouts = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool TryParse(string? text, out DateTime utc) =>
        DateTime.TryParseExact(text, s_layouts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);
}
