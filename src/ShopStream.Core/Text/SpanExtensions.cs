namespace ShopStream.Core.Text;

internal static class SpanExtensions
{
    /// <summary>True for an empty line or one of spaces, tabs and carriage returns only.</summary>
    /// <remarks>Asked of every record: a record's first byte nearly always settles it, before the vector search is set up.</remarks>
    public static bool IsWhiteSpaceOnly(this ReadOnlySpan<byte> s) =>
        s.IsEmpty || (s[0] is (byte)' ' or (byte)'\t' or (byte)'\r' && !s[1..].ContainsAnyExcept(" \t\r"u8));
}
