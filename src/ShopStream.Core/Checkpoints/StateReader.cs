using System.Text;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// Reads what <see cref="StateWriter"/> wrote, in the same order. Reading past the end throws
/// <see cref="EndOfStreamException"/>, and an inconsistent value a <see cref="CheckpointException"/>; the
/// checkpoint store turns both into "damaged".
/// </summary>
internal sealed class StateReader(Stream input)
{
    private readonly BinaryReader _in = new(input, Encoding.UTF8, leaveOpen: true);

    // The input is a whole checkpoint or spill run that does not grow while it is read, so its length is asked once:
    // on a file every ask is an fstat call, which asked per count was about 10% of a spilling run's CPU.
    private readonly long _length = input.Length;
    private readonly List<string> _strings = [];

    public bool ReadBool() => _in.ReadBoolean();

    public int ReadInt() => _in.ReadInt32();

    /// <summary>A count of items to follow: never negative, and never more than the bytes still to read.</summary>
    public int ReadCount()
    {
        int n = _in.ReadInt32();
        if (n < 0 || n > _length - _in.BaseStream.Position)
            throw new CheckpointException($"a count of {n} at byte {_in.BaseStream.Position}");
        return n;
    }

    public long ReadLong() => _in.ReadInt64();

    public decimal ReadDecimal() => _in.ReadDecimal();

    public UInt128 ReadUInt128()
    {
        ulong high = _in.ReadUInt64();
        return new UInt128(high, _in.ReadUInt64());
    }

    public DateTime ReadDateTime() => new(_in.ReadInt64(), DateTimeKind.Utc);

    /// <summary>
    /// Passes over a state written by <see cref="StateWriter.WriteState"/> (an 8-byte length, then its bytes), and
    /// returns where it lies in the input, to be read from there later: it is not read into memory.
    /// </summary>
    public (long Offset, long Length) SkipState()
    {
        long n = _in.ReadInt64();
        long at = _in.BaseStream.Position;
        if (n < 0 || n > _length - at)
            throw new CheckpointException($"a state of {n} bytes at byte {at}, with {_length - at} left");
        _in.BaseStream.Seek(n, SeekOrigin.Current);
        return (at, n);
    }

    public string? ReadString()
    {
        int id = _in.ReadInt32();
        switch (id)
        {
            case -1:
                return null;
            case -2:
                string value = _in.ReadString();
                _strings.Add(value);
                return value;
            default:
                if (id < 0 || id >= _strings.Count)
                    throw new CheckpointException($"string reference {id} of {_strings.Count}");
                return _strings[id];
        }
    }

    internal Processing.EventCounts ReadCounts() => new()
    {
        Events = ReadInt(),
        Views = ReadInt(),
        Carts = ReadInt(),
        Removes = ReadInt(),
        Purchases = ReadInt(),
        Revenue = ReadDecimal(),
    };

    /// <summary>Throws unless everything was read: a reader that stops early read a different layout.</summary>
    public void ExpectEnd()
    {
        if (_in.BaseStream.Position != _in.BaseStream.Length)
            throw new CheckpointException($"{_in.BaseStream.Length - _in.BaseStream.Position} bytes left over");
    }
}
