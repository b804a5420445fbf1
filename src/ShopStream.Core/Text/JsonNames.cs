using System.Text.Json;

namespace ShopStream.Core.Text;

/// <summary>
/// A JSON property name as JSON means it: <c>"u\u0073er_id"</c> is <c>user_id</c>. Matched by its raw bytes, an escaped
/// name passed for a field nobody reads: a second <c>user_id</c> so written was not refused as a repeat, and the event
/// kept the first value where any other JSON reader takes the last.
/// </summary>
public static class JsonNames
{
    /// <summary>
    /// The current property name, unescaped into <paramref name="scratch"/> (grown as needed) only when it holds an
    /// escape. A name whose escapes make no text (a lone surrogate, <c>\ud800</c>: JSON's grammar, but no UTF-8) is
    /// returned as written, so it names no field, as before, rather than throwing out of the parser.
    /// </summary>
    public static ReadOnlySpan<byte> Of(scoped ref Utf8JsonReader reader, scoped ref byte[]? scratch)
    {
        if (!reader.ValueIsEscaped)
            return reader.ValueSpan;
        // Unescaping never lengthens UTF-8 (\uXXXX is 6 bytes for at most 3), so the raw length bounds the name.
        int bound = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch is null || scratch.Length < bound)
            scratch = new byte[Math.Max(bound, 64)];
        try
        {
            return scratch.AsSpan(0, reader.CopyString(scratch));
        }
        catch (InvalidOperationException)
        {
            return reader.ValueSpan;
        }
    }
}
