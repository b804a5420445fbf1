using System.Text;

namespace ShopStream.Core.Text;

/// <summary>
/// Interns low-cardinality UTF-8 values (brands, category codes, countries) so parsing a record allocates
/// only the first time a value is seen. Looks values up by their UTF-8 bytes, so a hit costs a hash and a
/// compare, no transcoding. Not thread-safe: one pool per parser thread.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<byte[], string> _strings = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _strings.Count;

    /// <summary>The shared instance for <paramref name="utf8"/> (which must be valid UTF-8); null for an empty value.</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return null;
        if (_lookup.TryGetValue(utf8, out var existing))
            return existing;
        var s = Encoding.UTF8.GetString(utf8);
        _strings.Add(utf8.ToArray(), s);
        return s;
    }

    private sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var h = new HashCode();
            h.AddBytes(alternate);
            return h.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
