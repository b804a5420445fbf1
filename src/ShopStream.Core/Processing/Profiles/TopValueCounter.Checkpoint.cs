using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Profiles;

internal partial struct TopValueCounter
{
    public readonly void Save(StateWriter w)
    {
        int n = _first is null ? 0 : 1 + (_map?.Count ?? _count);
        w.Write(n);
        if (_first is null)
            return;
        w.WriteString(_first);
        w.Write(_firstCount);
        if (_map is not null)
        {
            foreach (var (key, count) in _map)
            {
                w.WriteString(key);
                w.Write(count);
            }

            return;
        }

        for (int i = 0; i < _count; i++)
        {
            w.WriteString(_keys![i]);
            w.Write(_counts![i]);
        }
    }

    public static TopValueCounter Restore(StateReader r)
    {
        var counter = default(TopValueCounter);
        int n = r.ReadCount();
        if (n == 0)
            return counter;
        counter._first = Value(r);
        counter._firstCount = r.ReadInt();
        int rest = n - 1;
        if (rest > ArrayLimit)
        {
            counter._map = new Dictionary<string, int>(rest, StringComparer.Ordinal);
            for (int i = 0; i < rest; i++)
                counter._map.Add(Value(r), r.ReadInt());
        }
        else if (rest > 0)
        {
            counter._keys = new string[rest];
            counter._counts = new int[rest];
            for (int i = 0; i < rest; i++)
            {
                counter._keys[i] = Value(r);
                counter._counts[i] = r.ReadInt();
            }

            counter._count = rest;
        }

        return counter;
    }

    private static string Value(StateReader r) => r.ReadString() ?? throw new CheckpointException("a counted value is null");
}
