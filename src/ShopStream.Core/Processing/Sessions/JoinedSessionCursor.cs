namespace ShopStream.Core.Processing.Sessions;

/// <summary>
/// A partition's finished sessions (sorted by user and start) with those of one user that lie within the gap of
/// each other joined into one, which makes them SPEC's sessions: a user's events in time order, split where one
/// follows the previous by more than the gap.
/// </summary>
/// <remarks>
/// The stream finishes a session once the watermark passes its end plus the gap. An event later than that opens a
/// session of its own, though it may lie inside a finished one or within the gap of it. Each stream session is a
/// chain of events no more than the gap apart, so joining, in start order, every session that starts within the gap
/// of the latest end so far gives exactly the sessions of the sorted events. A partition reads its sessions through
/// this only when sorting them found some to join (<see cref="ClosedSessionOrder"/>), or when some were spilled.
/// </remarks>
internal sealed class JoinedSessionCursor(RowCursor<SessionRecord> sessions, TimeSpan gap) : RowCursor<SessionRecord>
{
    private readonly long _gap = gap.Ticks;
    private SessionRecord _current;
    private bool _ahead; // sessions.Current is read past the current joined session, not yet part of any
    private bool _done;

    public override ref readonly SessionRecord Current => ref _current;

    /// <summary>
    /// The join rule: a session of the same user that starts no more than the gap after the latest end so far (the
    /// gap to the previous event is not greater than the gap) belongs to the same SPEC session.
    /// </summary>
    public static bool Joins(long latestEnd, in SessionRecord next, long gap) => next.SessionStart.Ticks - latestEnd <= gap;

    /// <summary>How many stream sessions <see cref="Current"/> joins (1 when it was never split).</summary>
    public int Parts { get; private set; }

    /// <summary>How many of those hold a purchase (each counted as a converting session before the join).</summary>
    public int ConvertedParts { get; private set; }

    public override bool MoveNext()
    {
        if (_done || (!_ahead && !sessions.MoveNext()))
        {
            _done = true;
            return false;
        }

        _current = sessions.Current;
        Parts = 1;
        ConvertedParts = _current.Converted ? 1 : 0;
        while (_ahead = sessions.MoveNext())
        {
            ref readonly var next = ref sessions.Current;
            if (next.UserId != _current.UserId || !Joins(_current.SessionEnd.Ticks, next, _gap))
                break;
            _current = _current.Join(next);
            Parts++;
            ConvertedParts += next.Converted ? 1 : 0;
        }

        _done = !_ahead;
        return true;
    }

    public override void Dispose() => sessions.Dispose();
}
