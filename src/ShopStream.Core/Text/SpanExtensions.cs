namespace ShopStream.Core.Text;

internal static class SpanExtensions
{
    public static bool IsWhiteSpaceOnly(this ReadOnlySpan<byte> s) => !s.ContainsAnyExcept(" \t\r"u8);
}
