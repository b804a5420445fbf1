using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Profiles;

internal partial struct SmallLongSet
{
    public readonly void Save(StateWriter w)
    {
        w.Write(Count);
        if (_set is not null)
        {
            foreach (long v in _set)
                w.Write(v);
        }
        else if (_count > 2)
        {
            foreach (long v in _items.AsSpan(0, _count))
                w.Write(v);
        }
        else
        {
            if (_count > 0)
                w.Write(_a);
            if (_count > 1)
                w.Write(_b);
        }
    }

    // Adding the members again takes the set through the same shapes (inline, array, hash set) by its count alone.
    public static SmallLongSet Restore(StateReader r)
    {
        var set = default(SmallLongSet);
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
            set.Add(r.ReadLong());
        return set;
    }
}
