using System.Text;
using System.Text.Unicode;

namespace ShopStream.Core.Ingest;

/// <summary>
/// SPEC's <c>encoding</c> check of a whole record, before it is parsed: it must be UTF-8 and hold no NUL character.
/// A NUL is valid UTF-8 but no shop's text: PostgreSQL's <c>text</c> cannot hold one (a single NUL in a brand lost a
/// whole <c>--store</c> publication), nor can C strings, so it is stopped at the door, in every format.
/// </summary>
public static class RecordText
{
    public static bool IsValid(ReadOnlySpan<byte> record) =>
        !record.Contains((byte)0) && (Ascii.IsValid(record) || Utf8.IsValid(record)); // ASCII, nearly every record, is checked faster
}
