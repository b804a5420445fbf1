using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// A read-ahead window over a file: one positional read fills the buffer with up to its size, and frames are then
/// parsed in place. Spans handed out stay valid until the next <see cref="Load"/> that has to read. Grows when one
/// item is larger than the buffer. Not thread-safe.
/// </summary>
internal sealed class FileWindow(int capacity)
{
    private SafeFileHandle? _handle;
    private long _start;
    private int _length;

    public byte[] Buffer { get; private set; } = new byte[capacity];

    public void Attach(SafeFileHandle handle)
    {
        _handle = handle;
        _length = 0;
    }

    public bool Contains(long position, int count) => position >= _start && position + count <= _start + _length;

    /// <summary>Where file <paramref name="position"/> lies in <see cref="Buffer"/> (it must be in the window).</summary>
    public int IndexOf(long position) => (int)(position - _start);

    public ReadOnlySpan<byte> Span(long position, int count) => Buffer.AsSpan(IndexOf(position), count);

    /// <summary>
    /// Makes bytes [<paramref name="position"/>, +<paramref name="count"/>) available, reading ahead as far as the
    /// buffer allows but not past <paramref name="limit"/>; false when the file (or the limit) ends before them.
    /// </summary>
    public bool Load(long position, int count, long limit)
    {
        if (Contains(position, count))
            return true;
        if (position + count > limit)
            return false;
        if (count > Buffer.Length)
            Buffer = new byte[Math.Max(count, Math.Min(LogBatch.MaxBytes, Buffer.Length * 2L))];
        int want = (int)Math.Min(Buffer.Length, limit - position);
        int got = 0;
        while (got < want)
        {
            int n = RandomAccess.Read(_handle!, Buffer.AsSpan(got, want - got), position + got);
            if (n == 0)
                break;
            got += n;
        }

        _start = position;
        _length = got;
        return got >= count;
    }
}
