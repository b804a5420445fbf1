namespace ShopStream.Core.Processing;

/// <summary>
/// A partition's or a run's rows (users, sessions) in user id order, the current one read in place: the results path
/// reads each row where it lies (a table slot, a closed session, one read back from the spill) instead of copying it
/// at every step of an iterator and a merge (sessions' iterators were 40% of writing sessions.csv). Start with
/// <see cref="MoveNext"/>, as with an enumerator.
/// </summary>
internal abstract class RowCursor<T> : IDisposable
    where T : struct
{
    public abstract ref readonly T Current { get; }

    public abstract bool MoveNext();

    /// <summary>
    /// Lets go of what the rows are read from (a spilling run's files) when reading stops before the end, as on an
    /// error; reading to the end lets go of it as well.
    /// </summary>
    public virtual void Dispose()
    {
    }
}

/// <summary>How a merge reads a row's user id in place (a static member: no delegate call, no copy of the row).</summary>
internal interface IUserIdOf<T>
    where T : struct
{
    static abstract long UserId(in T row);
}

internal static class RowCursor
{
    /// <summary>
    /// The rows of a cursor <paramref name="open"/> makes as a sequence of copies, for readers that are not on a hot
    /// path; each enumeration opens a new cursor, so the sequence can be read more than once.
    /// </summary>
    public static IEnumerable<T> Rows<T>(Func<RowCursor<T>> open)
        where T : struct
    {
        using var cursor = open();
        while (cursor.MoveNext())
            yield return cursor.Current;
    }

    /// <summary>The rows of <paramref name="rows"/>, which must be in user id order, each copied once.</summary>
    public static RowCursor<T> Over<T>(IEnumerable<T> rows)
        where T : struct => new SequenceCursor<T>(rows);

    /// <summary>The rows of cursors whose users are disjoint (partitions), merged by user id.</summary>
    public static RowCursor<T> Merge<T, TUserId>(RowCursor<T>[] sources)
        where T : struct
        where TUserId : IUserIdOf<T> => sources.Length == 1 ? sources[0] : new MergeCursor<T, TUserId>(sources);

    private sealed class SequenceCursor<T>(IEnumerable<T> rows) : RowCursor<T>
        where T : struct
    {
        private readonly IEnumerator<T> _rows = rows.GetEnumerator();
        private T _current;

        public override ref readonly T Current => ref _current;

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                _rows.Dispose();
                return false;
            }

            _current = _rows.Current;
            return true;
        }

        public override void Dispose() => _rows.Dispose();
    }

    // Picks the source with the smallest current user id by a scan (there is one source per partition).
    private sealed class MergeCursor<T, TUserId>(RowCursor<T>[] sources) : RowCursor<T>
        where T : struct
        where TUserId : IUserIdOf<T>
    {
        private readonly bool[] _live = new bool[sources.Length];
        private int _current = -1;
        private bool _started;

        public override ref readonly T Current => ref sources[_current].Current;

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
                long id = TUserId.UserId(in sources[s].Current);
                if (_current < 0 || id < best)
                {
                    _current = s;
                    best = id;
                }
            }

            return _current >= 0;
        }

        public override void Dispose()
        {
            foreach (var source in sources)
                source.Dispose();
        }
    }
}
