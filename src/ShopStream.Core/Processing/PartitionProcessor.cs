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
    private readonly SegmentRules _rules;
    private long _watermark = long.MinValue;

    public PartitionProcessor(PipelineOptions options)
    {
        _rules = options.Segments;
        _dedup = new Deduplicator(options.DedupHorizon);
        _sessions = new SessionWindows(options.SessionGap);
    }

    public long Duplicates { get; private set; }

    /// <summary>Events that arrived behind the watermark (more out of order than the allowed disorder).</summary>
    public long LateEvents { get; private set; }

    public int Users => _users.Count;

    public long EventsOfType(EventType type) => _byType[(int)type];

    /// <summary>After <see cref="Finish"/>: this partition's profiles, sorted by user id.</summary>
    public CustomerProfile[] Profiles { get; private set; } = [];

    /// <summary>After <see cref="Finish"/>: this partition's sessions, sorted by user id and start.</summary>
    public SessionRecord[] Sessions { get; private set; } = [];

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

    /// <summary>
    /// End of input: closes every open session and sorts this partition's results (on the partition's own
    /// thread, so partitions sort in parallel; sorting by key arrays avoids a comparison delegate per compare).
    /// </summary>
    public void Finish()
    {
        _sessions.Flush();

        var userIds = new long[_users.Count];
        var profiles = new CustomerProfile[_users.Count];
        int i = 0;
        foreach (var (id, user) in _users)
        {
            userIds[i] = id;
            profiles[i++] = user.ToProfile(_rules);
        }

        Array.Sort(userIds, profiles);
        Profiles = profiles;

        // Ties on (user, start) are possible (a late event opening a session where a closed one began); the
        // closing order breaks them, and a user's closing order does not depend on the partitioning.
        var closed = _sessions.Closed;
        var keys = new SessionSortKey[closed.Count];
        var sessions = closed.ToArray();
        for (int s = 0; s < sessions.Length; s++)
            keys[s] = new SessionSortKey(sessions[s].UserId, sessions[s].SessionStart.Ticks, s);
        Array.Sort(keys, sessions);
        Sessions = sessions;
        closed.Clear();
        closed.TrimExcess();
    }
}
