namespace ShopStream.Generator.Output;

/// <summary>
/// One output layout: renders events into bytes (session-level parts pre-rendered per session slot, product parts
/// per product), and knows how to break a record so that validation rejects it for a given reason.
/// </summary>
internal abstract class RecordFormat
{
    private readonly int _slotBytes;
    private byte[] _slots;
    private int[] _slotLength;

    protected RecordFormat(int slotBytes)
    {
        _slotBytes = slotBytes;
        _slots = new byte[slotBytes * 256];
        _slotLength = new int[256];
    }

    /// <summary>The header line (with its line end), or empty.</summary>
    public abstract ReadOnlySpan<byte> Header { get; }

    /// <summary>An upper bound on one record's size.</summary>
    public abstract int MaxRecordBytes { get; }

    /// <summary>The malformations this layout can express.</summary>
    public abstract Malformation[] Malformations { get; }

    public abstract bool Carries(EventKind kind);

    /// <summary>A hint that <paramref name="product"/> will be written soon: its pre-rendered bytes are fetched into the cache meanwhile.</summary>
    public virtual void Prefetch(int product)
    {
    }

    public abstract void BeginSession(int slot, in SessionInfo session);

    /// <summary>Writes one record, line end included, into <paramref name="dest"/> (at least <see cref="MaxRecordBytes"/>).</summary>
    public abstract int Write(Span<byte> dest, in GenEvent e);

    /// <summary>A copy of <paramref name="record"/> (line end included) broken so that it is rejected for <paramref name="how"/>.</summary>
    public abstract byte[] Corrupt(ReadOnlySpan<byte> record, Malformation how);

    protected ReadOnlySpan<byte> Slot(int slot) => _slots.AsSpan(slot * _slotBytes, _slotLength[slot]);

    /// <summary>Copies a slot's bytes to <paramref name="dest"/> (slots are fixed-size, so block copies stay inside).</summary>
    protected int CopySlot(int slot, Span<byte> dest)
    {
        int length = _slotLength[slot];
        return SmallCopy.Copy(_slots.AsSpan(slot * _slotBytes, length), _slotBytes - length, dest);
    }

    /// <summary>Room for a slot's bytes; call <see cref="SetSlotLength"/> after writing.</summary>
    protected Span<byte> SlotBuffer(int slot)
    {
        if ((slot + 1) * _slotBytes > _slots.Length)
        {
            int slots = Math.Max(slot + 1, _slotLength.Length * 2);
            Array.Resize(ref _slots, slots * _slotBytes);
            Array.Resize(ref _slotLength, slots);
        }

        return _slots.AsSpan(slot * _slotBytes, _slotBytes);
    }

    protected void SetSlotLength(int slot, int length) => _slotLength[slot] = length;

    /// <summary>Splits a generated CSV record (no quoted fields, line end included) into its fields.</summary>
    protected static List<byte[]> Fields(ReadOnlySpan<byte> record)
    {
        var line = record.TrimEnd("\r\n"u8);
        var fields = new List<byte[]>();
        foreach (var range in line.Split((byte)','))
            fields.Add(line[range].ToArray());
        return fields;
    }

    protected static byte[] Join(List<byte[]> fields)
    {
        var result = new List<byte>();
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
                result.Add((byte)',');
            result.AddRange(fields[i]);
        }

        result.Add((byte)'\n');
        return [.. result];
    }

    /// <summary>A timestamp with month 13: the right shape, an impossible date.</summary>
    protected static byte[] BadMonth(byte[] time)
    {
        var copy = (byte[])time.Clone();
        if (copy.Length >= 7)
        {
            copy[5] = (byte)'1';
            copy[6] = (byte)'3';
        }

        return copy;
    }

    protected static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => [.. a, .. b];
}
