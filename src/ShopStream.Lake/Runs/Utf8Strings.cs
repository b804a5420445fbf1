using System.Text;

namespace ShopStream.Lake.Runs;

/// <summary>
/// UTF-8 bytes of strings that repeat as the same instance (the parser's interned category codes, brands and
/// countries, segment names), encoded once each; bounded in case a source does not intern.
/// </summary>
internal sealed class Utf8Strings
{
    private const int MaxCached = 1 << 16;

    private readonly Dictionary<string, byte[]> _bytes = new(ReferenceEqualityComparer.Instance);

    public byte[] Of(string value)
    {
        if (!_bytes.TryGetValue(value, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(value);
            if (_bytes.Count < MaxCached)
                _bytes[value] = bytes;
        }

        return bytes;
    }
}
