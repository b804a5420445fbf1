using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// A read-only view of part of a file: a checkpoint's body, or one state in it. Each read goes to the file at its own
/// offset (<see cref="RandomAccess"/>), not through a shared file position, so the partitions of one checkpoint
/// restore side by side; and reads stop at the region's end, so a restore that reads past its state's end sees the
/// end of the stream (damage), never the next state's bytes.
/// </summary>
internal sealed class FileRegionStream(SafeFileHandle file, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, Math.Max(0, length - _position));
        if (n == 0)
            return 0;
        int read = RandomAccess.Read(file, buffer[..n], start + _position);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        return _position = target;
    }

    public override void Flush()
    {
        // Nothing is ever written.
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
