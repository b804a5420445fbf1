using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopStream.Api.Json;

/// <summary>The API's JSON settings: SPEC's snake_case names, times as <c>2019-10-01T02:29:38Z</c> (UTC; finer when they are).</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new UtcSecondsConverter());
    }

    /// <summary>
    /// SPEC's time format, UTC: to the second, and finer when the time is (<c>2019-10-01T00:07:00.25Z</c>), to the
    /// microsecond, truncated, as the lake and PostgreSQL keep times, so every store shows a time alike. Cut to the
    /// second, a collected event's milliseconds were lost, and profiles sorted by <c>last_seen</c> showed equal times
    /// out of user-id order.
    /// </summary>
    private sealed class UtcSecondsConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTime().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
