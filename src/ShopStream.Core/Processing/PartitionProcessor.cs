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


    public long EventsOfType(EventType type) => _byType[(int)type];

    /// <summary>After <see cref="Finish"/>: this partition's users, sorted by user id.</summary>
    internal UserState[] SortedUsers { get; private set; } = [];

    /// <summary>After <see cref="Finish"/>: this partition's sessions, sorted by user id and start.</summary>
    internal List<SessionRecord> SortedSessions => _sessions.Closed;

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
    /// End of input: closes every open session and sorts this partition's users and sessions, on the
    /// partition's own thread (partitions sort in parallel), in place and by key arrays: no copies of the
    /// results are made, and profile rows are only built from the user state as they are written.
    /// </summary>
    public void Finish()
    {
        _sessions.Flush();

        var ids = new long[_users.Count];
        var users = new UserState[_users.Count];
        int i = 0;
        foreach (var (id, user) in _users)
        {
            ids[i] = id;
            users[i++] = user;
        }

        Array.Sort(ids, users);
        SortedUsers = users;
        _users.Clear();
        _users.TrimExcess();

        // Ties on (user, start) are possible (a late event opening a session where a closed one began); the
        // closing order breaks them, and a user's closing order does not depend on the partitioning.
        var sessions = CollectionsMarshal.AsSpan(_sessions.Closed);
        var keys = new SessionSortKey[sessions.Length];
        for (int s = 0; s < sessions.Length; s++)
            keys[s] = new SessionSortKey(sessions[s].UserId, sessions[s].SessionStart.Ticks, s);
        keys.AsSpan().Sort(sessions);
    }
}
