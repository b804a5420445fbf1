using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Sessions;

internal sealed partial class SessionWindows
{
    /// <summary>Open sessions live in the users' state (saved with them); this saves the watermark, the finished sessions not spilled (and how many were) and the close schedule.</summary>
    public void Save(StateWriter w)
    {
        w.Write(_watermark);
        w.Write(Spilled);
        w.Write(Closed.Count);
        foreach (var s in Closed)
        {
            w.Write(s.UserId);
            w.Write(s.SessionStart);
            w.Write(s.SessionEnd);
            w.Write(s.Events);
            w.Write(s.Views);
            w.Write(s.Carts);
            w.Write(s.Purchases);
            w.Write(s.Revenue);
        }

        _schedule.Save(w, users);
    }

    public void Restore(StateReader r)
    {
        _watermark = r.ReadLong();
        Spilled = r.ReadLong();
        int closed = r.ReadCount();
        for (int i = 0; i < closed; i++)
            Closed.Add(new SessionRecord(r.ReadLong(), r.ReadDateTime(), r.ReadDateTime(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadDecimal()));
        _schedule.Restore(r, users);
    }
}
