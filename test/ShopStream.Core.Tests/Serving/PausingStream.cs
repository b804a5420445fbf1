namespace ShopStream.Core.Tests.Serving;

/// <summary>
/// A pipe-like stream: reads return what is there, up to <c>pauseAt</c> bytes, then wait until <see cref="Resume"/>
/// before the rest: a writer that pauses mid-input.
/// </summary>
internal sealed class PausingStream(byte[] data, int pauseAt) : Stream
{
    private readonly ManualResetEventSlim _resumed = new(false);
    private int _pos;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Resume() => _resumed.Set();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pos == pauseAt)
            _resumed.Wait();
        int end = _pos < pauseAt ? pauseAt : data.Length;
        int n = Math.Min(buffer.Length, end - _pos);
        data.AsSpan(_pos, n).CopyTo(buffer);
        _pos += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _resumed.Dispose();
        base.Dispose(disposing);
    }
}
