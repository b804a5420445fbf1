using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Profiles;

internal partial struct TopValueCounter
{
    // Values in the order first seen, each with its count (the same encoding as when every value after the
    // first was in the arrays).
    public readonly void Save(StateWriter w)
    {
        int n = _first is null ? 0 : _second is null ? 1 : 2 + (_more?.Count ?? 0);
        w.Write(n);
        if (_first is null)
            return;
        w.WriteString(_first);
        w.Write(_firstCount);
        if (_second is null)
            return;
        w.WriteString(_second);
        w.Write(_secondCount);
        if (_more is null)
            return;
        foreach (var (key, count) in _more.Entries())
        {
            w.WriteString(key);
            w.Write(count);
        }
    }

    // Values are distinct, so adding them again rebuilds the same shape.
    public static TopValueCounter Restore(StateReader r)
    {
        var counter = default(TopValueCounter);
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
            counter.Add(Value(r), r.ReadInt());
        return counter;
    }

    private static string Value(StateReader r) => r.ReadString() ?? throw new CheckpointException("a counted value is null");
}
