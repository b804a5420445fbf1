using System.Text;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// Writes operator state for a checkpoint: little-endian numbers, decimals bit for bit (so a restored revenue
/// keeps its scale and prints alike), and strings through a table, so each distinct category or brand is written
/// once however many users hold it (and is one shared string again after restore).
/// </summary>
internal sealed class StateWriter(Stream output)
{
    private readonly BinaryWriter _out = new(output, Encoding.UTF8, leaveOpen: true);
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

    public void Write(bool value) => _out.Write(value);

    public void Write(int value) => _out.Write(value);

    public void Write(long value) => _out.Write(value);

    public void Write(decimal value) => _out.Write(value);

    public void Write(UInt128 value)
    {
        _out.Write((ulong)(value >> 64));
        _out.Write((ulong)value);
    }

    public void Write(DateTime utc) => _out.Write(utc.Ticks);

    /// <summary>
    /// Writes one component's state, the bytes from <paramref name="state"/>'s position to its end, after its length
    /// in 8 bytes (a partition's state passes 2 GB in a long run), copied without holding them all in memory. A reader
    /// passes over it with <see cref="StateReader.SkipState"/> and reads it later from where it lies.
    /// </summary>
    public void WriteState(Stream state)
    {
        _out.Write(state.Length - state.Position);
        _out.Flush();
        state.CopyTo(_out.BaseStream, 1 << 16);
    }

    /// <summary>Null, a reference to a string written before, or a new string (which gets the next number).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            _out.Write(-1);
            return;
        }

        if (_strings.TryGetValue(value, out int id))
        {
            _out.Write(id);
            return;
        }

        _out.Write(-2);
        _out.Write(value);
        _strings.Add(value, _strings.Count);
    }

    internal void WriteCounts(in Processing.EventCounts c)
    {
        _out.Write(c.Events);
        _out.Write(c.Views);
        _out.Write(c.Carts);
        _out.Write(c.Removes);
        _out.Write(c.Purchases);
        _out.Write(c.Revenue);
    }

    public void Flush() => _out.Flush();
}
