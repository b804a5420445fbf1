using ShopStream.Core.Events;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// A run of consecutive raw records of one input, copied out of the read buffer so a parse worker can turn
/// them into events while the splitter reads on. Blocks are numbered by their place in the input and consumed
/// in that order, which keeps parallel parsing deterministic. Recycled: arrays are reused between uses.
/// </summary>
internal sealed class RecordBlock(int capacity)
{
    public const int InitialDataBytes = 1 << 20;

    public byte[] Data = new byte[InitialDataBytes];
    public int DataLength;
    public readonly int[] Starts = new int[capacity];
    public readonly int[] Lengths = new int[capacity];
    public readonly long[] Lines = new long[capacity];
    /// <summary>Full length of each record (larger than its copied bytes for a too_large record).</summary>
    public readonly long[] RawLengths = new long[capacity];
    /// <summary>A reason the splitter already knows (too_large); None for records still to parse.</summary>
    public readonly RejectReason[] Known = new RejectReason[capacity];
    public int Count;

    public InputFile Input = null!;
    public int InputIndex;

    /// <summary>Handed on before it was full because the input paused (a pipe with nothing more to read yet).</summary>
    public bool Stalled;
    public InputFormat Format;

    // Filled by the parse worker.
    public readonly ShopEvent[] Events = new ShopEvent[capacity];
    /// <summary>For each event, the index of the record it was parsed from.</summary>
    public readonly int[] EventRecord = new int[capacity];
    public int EventCount;
    public readonly int[] RejectedIndex = new int[capacity];
    public readonly RejectReason[] RejectedReason = new RejectReason[capacity];
    public int RejectedCount;
    public readonly ManualResetEventSlim Parsed = new(false);

    public bool IsFull => Count == Starts.Length;

    public ReadOnlySpan<byte> Record(int index) => Data.AsSpan(Starts[index], Lengths[index]);

    public void Reset(InputFile input, int inputIndex, InputFormat format)
    {
        Stalled = false;
        Input = input;
        InputIndex = inputIndex;
        Format = format;
        Count = 0;
        DataLength = 0;
        EventCount = 0;
        RejectedCount = 0;
        Parsed.Reset();
    }

    /// <summary>Copies a record in; false when the data buffer is full (post this block and start another).</summary>
    public bool TryAdd(ReadOnlySpan<byte> record, long line, long rawLength, RejectReason known)
    {
        if (DataLength + record.Length > Data.Length)
        {
            if (Count > 0)
                return false;
            Data = new byte[Math.Max(record.Length, Data.Length)];
        }

        record.CopyTo(Data.AsSpan(DataLength));
        Starts[Count] = DataLength;
        Lengths[Count] = record.Length;
        Lines[Count] = line;
        RawLengths[Count] = rawLength;
        Known[Count] = known;
        DataLength += record.Length;
        Count++;
        return true;
    }

    public void Reject(int index, RejectReason reason)
    {
        RejectedIndex[RejectedCount] = index;
        RejectedReason[RejectedCount++] = reason;
    }
}
