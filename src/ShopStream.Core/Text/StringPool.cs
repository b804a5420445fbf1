using System.Buffers.Binary;
using System.Text;

namespace ShopStream.Core.Text;

/// <summary>
/// Interns low-cardinality UTF-8 values (brands, category codes, countries) so parsing a record allocates
/// only the first time a value is seen. Looks values up by their UTF-8 bytes, so a hit costs a hash and a
/// compare, no transcoding. Not thread-safe: one pool per parser thread.
/// </summary>
/// <remarks>
/// In front of the dictionary sits a small direct-mapped cache of recent values, found by a hash of a value's
/// length and its first and last eight bytes: a hit skips hashing every byte, which is most of a lookup's cost.
/// </remarks>
public sealed class StringPool
{
    private const int RecentBits = 10;
    private readonly Dictionary<byte[], string> _strings = new(Utf8KeyComparer.Instance);
    private readonly (byte[]? Utf8, string? Value)[] _recent = new (byte[]?, string?)[1 << RecentBits];
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _strings.Count;

    /// <summary>The shared instance for <paramref name="utf8"/> (which must be valid UTF-8); null for an empty value.</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return null;
        ref var recent = ref _recent[Slot(utf8)];
        if (recent.Value is not null && utf8.SequenceEqual(recent.Utf8))
            return recent.Value;
        if (!_lookup.TryGetValue(utf8, out var key, out var value))
        {
            key = utf8.ToArray();
            value = Encoding.UTF8.GetString(utf8);
            _strings.Add(key, value);
        }

        recent = (key, value);
        return value;
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong bits = utf8.Length >= sizeof(ulong)
            ? BinaryPrimitives.ReadUInt64LittleEndian(utf8) ^ (BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]) * 31)
            : utf8[0] | ((ulong)utf8[^1] << 8) | ((ulong)utf8[utf8.Length / 2] << 16);
        return (int)(((bits ^ (ulong)utf8.Length) * 0x9E3779B97F4A7C15UL) >> (64 - RecentBits));
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
