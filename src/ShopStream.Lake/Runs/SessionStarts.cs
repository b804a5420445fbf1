using ShopStream.Core.Processing.Sessions;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Silver's <c>session_start</c> without a SQL window: the staged events' users and times (16 bytes an event, in
/// blocks), matched after the run against the pipeline's own sessions (sorted by user and start): an event belongs
/// to its user's last session starting at or before it. The result is appended, in staging order, to a table that silver joins to <c>bronze_rows</c> by position.
/// </summary>
internal sealed class SessionStarts
{
    private const int BlockSize = 1 << 16;
    private readonly List<long[]> _users = [];
    private readonly List<long[]> _times = [];
    private int _inBlock = BlockSize;

    public long Count { get; private set; }

    public void Add(long userId, long ticks)
    {
        if (_inBlock == BlockSize)
        {
            _users.Add(new long[BlockSize]);
            _times.Add(new long[BlockSize]);
            _inBlock = 0;
        }

        _users[^1][_inBlock] = userId;
        _times[^1][_inBlock] = ticks;
        _inBlock++;
        Count++;
    }

    /// <summary>Creates and fills table <c>session_starts</c>, one row per staged event: its user (to check the alignment) and its session's start (NULL for an event outside every session).</summary>
    public void WriteTable(DuckDbConnection connection, IEnumerable<SessionRecord> sessions)
    {
        // Flat arrays of session starts, grouped by user: user -> (first index, count).
        var index = new Dictionary<long, (int First, int Count)>();
        var starts = new List<long>();
        foreach (var s in sessions)
        {
            if (index.TryGetValue(s.UserId, out var range))
                index[s.UserId] = (range.First, range.Count + 1);
            else
                index[s.UserId] = (starts.Count, 1);
            starts.Add(s.SessionStart.Ticks);
        }

        var flat = starts.ToArray();
        connection.Execute("CREATE OR REPLACE TABLE session_starts (session_user BIGINT, session_start TIMESTAMPTZ)");
        using var appender = connection.CreateAppender("session_starts");
        using var rows = new DuckDbChunkBuilder(DuckDbType.BigInt, DuckDbType.TimestampTz);
        long remaining = Count;
        for (int b = 0; b < _users.Count; b++)
        {
            int n = (int)Math.Min(BlockSize, remaining);
            remaining -= n;
            var users = _users[b];
            var times = _times[b];
            for (int i = 0; i < n; i++)
            {
                int r = rows.NewRow();
                rows.SetInt64(0, r, users[i]);
                if (index.TryGetValue(users[i], out var range) && Find(flat.AsSpan(range.First, range.Count), times[i]) is long start)
                    rows.SetTimestampTicks(1, r, start);
                else
                    rows.SetNull(1, r);
                if (rows.IsFull)
                    appender.Append(rows);
            }
        }

        appender.Append(rows);
        appender.Close();
    }

    // The last start <= ticks in ascending starts; null when the event is before every session.
    private static long? Find(ReadOnlySpan<long> starts, long ticks)
    {
        int lo = 0, hi = starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= ticks)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : starts[found];
    }
}
