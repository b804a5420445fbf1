namespace ShopStream.Core.Output;

/// <summary>A file written front to back whose bytes leave the page cache once on disk (<see cref="DropBehind"/>): the run's result files.</summary>
internal sealed class DropBehindStream : Stream
{
    private readonly FileStream _file;
    private readonly DropBehind _dropBehind;

    /// <param name="file">A new file, written from its start; disposed with this stream.</param>
    public DropBehindStream(FileStream file)
    {
        _file = file;
        _dropBehind = new DropBehind(file.SafeFileHandle);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => throw new NotSupportedException();
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _dropBehind.Written(_file.Position);
    }

    public override void WriteByte(byte value) => _file.WriteByte(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _file.Dispose();
        base.Dispose(disposing);
    }
}
