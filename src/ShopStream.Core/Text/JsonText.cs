using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ShopStream.Core.Text;

/// <summary>
/// A JSON token's text as JSON means it, escapes decoded, for the parsers that otherwise read raw bytes: a property
/// name (<c>"u\u0073er_id"</c> is <c>user_id</c>) and a string value.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// The current string or property name, unescaped into <paramref name="scratch"/> (grown as needed):
    /// <paramref name="length"/> bytes. False when its escapes make no text (a lone surrogate, <c>\ud800</c>: JSON's
    /// grammar, but no UTF-8), which the reader cannot decode.
    /// </summary>
    public static bool TryUnescape(scoped ref Utf8JsonReader reader, [NotNull] scoped ref byte[]? scratch, out int length)
    {
        // Unescaping never lengthens UTF-8 (\uXXXX is 6 bytes for at most 3), so the raw length bounds the text.
        int bound = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch is null || scratch.Length < bound)
            scratch = new byte[Math.Max(bound, 64)];
        try
        {
            length = reader.CopyString(scratch);
            return true;
        }
        catch (InvalidOperationException)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>
    /// The current property name, unescaped only when it holds an escape. Matched by its raw bytes, an escaped name
    /// passed for a field nobody reads: a second <c>user_id</c> so written was not refused as a repeat, and the event
    /// kept the first value where any other JSON reader takes the last. A name whose escapes make no text is returned
    /// as written, so it names no field, as before, rather than throwing out of the parser.
    /// </summary>
    public static ReadOnlySpan<byte> Name(scoped ref Utf8JsonReader reader, scoped ref byte[]? scratch) =>
        !reader.ValueIsEscaped ? reader.ValueSpan
        : TryUnescape(ref reader, ref scratch, out int length) ? scratch.AsSpan(0, length)
        : reader.ValueSpan;
}
