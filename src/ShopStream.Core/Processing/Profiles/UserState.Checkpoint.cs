using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Profiles;

internal partial struct UserState
{
    public readonly void Save(StateWriter w)
    {
        w.Write(UserId);
        w.WriteCounts(Counts);
        w.Write(FirstSeen);
        w.Write(LastSeen);
        w.Write(ClosedSessions);
        w.Write(ConvertedSessions);
        ViewedProducts.Save(w);
        Categories.Save(w);
        Brands.Save(w);
        w.Write(QueuedForClose);
        w.Write(OpenCount);
        for (int i = 0; i < OpenCount; i++)
        {
            var s = Open(i);
            w.Write(s.Start);
            w.Write(s.End);
            w.WriteCounts(s.Counts);
        }
    }

    public static UserState Restore(StateReader r)
    {
        var user = new UserState(r.ReadLong())
        {
            Counts = r.ReadCounts(),
            FirstSeen = r.ReadLong(),
            LastSeen = r.ReadLong(),
            ClosedSessions = r.ReadInt(),
            ConvertedSessions = r.ReadInt(),
            ViewedProducts = SmallLongSet.Restore(r),
            Categories = TopValueCounter.Restore(r),
            Brands = TopValueCounter.Restore(r),
            QueuedForClose = r.ReadBool(),
        };
        int open = r.ReadCount();
        for (int i = 0; i < open; i++)
        {
            ref var s = ref user.AddOpen(r.ReadLong());
            s.End = r.ReadLong();
            s.Counts = r.ReadCounts();
        }

        return user;
    }
}
