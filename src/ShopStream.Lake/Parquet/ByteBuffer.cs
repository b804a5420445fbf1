using System.Buffers.Binary;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// A growable byte array reused across pages and row groups (cleared, never shrunk), so encoding a column chunk
/// allocates nothing once the buffers have grown to a row group's size.
/// </summary>
internal sealed class ByteBuffer(int capacity = 4096)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Space for at least <paramref name="size"/> more bytes at the end; <see cref="Advance"/> says how many were used.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>
    /// Makes room for <paramref name="capacity"/> bytes in all at once, for a buffer whose size is known ahead: grown
    /// by doubling instead, it would fill and drop a dozen smaller arrays on the way, each in memory not yet touched.
    /// </summary>
    public void Reserve(int capacity)
    {
        if (capacity > _bytes.Length)
            Array.Resize(ref _bytes, capacity);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _bytes[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(Length), value);
        Length += 8;
    }

    /// <summary>Overwrites four bytes already written (a length known only after what follows it).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(position), value);

    /// <summary>Unsigned LEB128, as Thrift's compact protocol and the RLE hybrid's run headers write integers.</summary>
    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _bytes[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _bytes[Length++] = (byte)value;
    }

    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    private void Ensure(int more)
    {
        if (Length + more <= _bytes.Length)
            return;
        long size = Math.Max((long)_bytes.Length * 2, (long)Length + more);
        Array.Resize(ref _bytes, (int)Math.Min(size, Array.MaxLength));
    }
}
