using System.Text;

namespace ShopStream.Core.Text;

/// <summary>
/// Returns the previous string when a value repeats on consecutive records (the lines of one invoice), so a
/// high-cardinality value allocates once per run of equal values rather than once per record or forever in a pool.
/// </summary>
public sealed class RepeatCache
{
    private byte[] _lastBytes = [];
    private string? _last;

    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
            return null;
        if (_last is not null && utf8.SequenceEqual(_lastBytes))
            return _last;
        _lastBytes = utf8.ToArray();
        _last = Encoding.UTF8.GetString(utf8);
        return _last;
    }
}
