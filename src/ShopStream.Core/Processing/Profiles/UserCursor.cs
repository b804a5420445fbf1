namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// Users in user id order, the current one read in place: the results path reads each state where it lies (a
/// table slot, or the one merged from spill runs) instead of copying the ~270-byte struct at every step of an
/// enumerator and a merge. Start with <see cref="MoveNext"/>, as with an enumerator.
/// </summary>
internal abstract class UserCursor
{
    public abstract ref readonly UserState Current { get; }

    public abstract bool MoveNext();

    /// <summary>The users of <paramref name="table"/> in the order of <paramref name="slotsById"/>.</summary>
    public static UserCursor Over(UserTable table, int[] slotsById) => new TableCursor(table, slotsById);

    /// <summary>The users of <paramref name="users"/>, which must be in user id order, each copied once.</summary>
    public static UserCursor Over(IEnumerable<UserState> users) => new SequenceCursor(users);

    /// <summary>The users of disjoint cursors (partitions) merged by user id.</summary>
    public static UserCursor Merge(UserCursor[] sources) => sources.Length == 1 ? sources[0] : new MergeCursor(sources);

    /// <summary>The cursor's users as a sequence of copies, for readers that are not on a hot path.</summary>
    public IEnumerable<UserState> ToEnumerable()
    {
        while (MoveNext())
            yield return Current;
    }

    private sealed class TableCursor(UserTable table, int[] slotsById) : UserCursor
    {
        private int _at = -1;

        public override ref readonly UserState Current => ref table[slotsById[_at]];

        public override bool MoveNext() => ++_at < slotsById.Length;
    }

    private sealed class SequenceCursor(IEnumerable<UserState> users) : UserCursor
    {
        private readonly IEnumerator<UserState> _users = users.GetEnumerator();
        private UserState _current;

        public override ref readonly UserState Current => ref _current;

        public override bool MoveNext()
        {
            if (!_users.MoveNext())
            {
                _users.Dispose();
                return false;
            }

            _current = _users.Current;
            return true;
        }
    }

    // Picks the source with the smallest current user id by a scan (there is one source per partition).
    private sealed class MergeCursor(UserCursor[] sources) : UserCursor
    {
        private readonly bool[] _live = new bool[sources.Length];
        private int _current = -1;
        private bool _started;

        public override ref readonly UserState Current => ref sources[_current].Current;

        public override bool MoveNext()
        {
            if (!_started)
            {
                _started = true;
                for (int s = 0; s < sources.Length; s++)
                    _live[s] = sources[s].MoveNext();
            }
            else if (_current >= 0)
            {
                _live[_current] = sources[_current].MoveNext();
            }

            _current = -1;
            long best = long.MaxValue;
            for (int s = 0; s < sources.Length; s++)
            {
                if (!_live[s])
                    continue;
                long id = sources[s].Current.UserId;
                if (_current < 0 || id < best)
                {
                    _current = s;
                    best = id;
                }
            }

            return _current >= 0;
        }
    }
}
