using System.Text.Json;

namespace ShopStream.Core.Output;

/// <summary>Optional fields of the JSON ShopStream writes (dead letters, Kafka values, orders): absent ones are left out, not written as null.</summary>
internal static class OptionalJsonFields
{
    public static void WriteStringIfPresent(this Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    /// <summary>Money keeps its scale (<c>1.50</c>).</summary>
    public static void WriteNumberIfPresent(this Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal? value)
    {
        if (value is { } number)
            w.WriteNumber(name, number);
    }
}
