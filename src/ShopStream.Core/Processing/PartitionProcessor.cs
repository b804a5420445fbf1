using System.Runtime.InteropServices;
using ShopStream.Core.Events;
using ShopStream.Core.Processing.Dedup;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing;

/// <summary>
/// All per-user state of one partition and the operators over it, applied per event in arrival order:
/// late check, watermark advance (closing sessions, evicting dedup buckets), dedup, profile, sessions.
/// Owned by one thread at a time.
/// </summary>
public sealed class PartitionProcessor
{
    private readonly Dictionary<long, UserState> _users = [];
    private readonly Deduplicator _dedup;
    private readonly SessionWindows _sessions;
    private readonly long[] _byType = new long[EventTypes.Count];
    private long _watermark = long.MinValue;

    public PartitionProcessor(PipelineOptions options)
    {
        _dedup = new Deduplicator(options.DedupHorizon);
        _sessions = new SessionWindows(options.SessionGap);
    }

    public long Duplicates { get; private set; }

    /// <summary>Events that arrived behind the watermark (more out of order than the allowed disorder).</summary>
    public long LateEvents { get; private set; }

    public int Users => _users.Count;

    public long EventsOfType(EventType type) => _byType[(int)type];

    internal IReadOnlyCollection<UserState> UserStates => _users.Values;

    internal List<SessionRecord> ClosedSessions => _sessions.Closed;

    /// <param name="watermarks">For each event, the stream's watermark once that event has been seen.</param>
    public void Process(ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> watermarks)
    {
        for (int i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            long wm = watermarks[i];
            if (e.EventTimeTicks < wm)
                LateEvents++;
            if (wm > _watermark)
            {
                _watermark = wm;
                _sessions.Advance(wm);
                _dedup.Advance(wm);
            }

            if (_dedup.IsDuplicate(e.Fingerprint, e.EventTimeTicks))
            {
                Duplicates++;
                continue;
            }

            _byType[(int)e.Type]++;
            ref var user = ref CollectionsMarshal.GetValueRefOrAddDefault(_users, e.UserId, out _);
            user ??= new UserState(e.UserId);
            user.Add(e);
            _sessions.Add(user, e);
        }
    }

    /// <summary>End of input: closes every open session.</summary>
    public void Finish() => _sessions.Flush();
}
