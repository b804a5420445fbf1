using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Postgres.Tables;

/// <summary><c>shopstream.sessions</c>: SPEC's <c>gold/sessions</c> columns, keyed by user and start.</summary>
internal static class SessionRows
{
    public static TableShape Table { get; } = new("sessions", ["user_id", "session_start"],
        ["session_end", "events", "views", "carts", "purchases", "revenue", "converted"]);

    public static Task<long> CopyAsync(NpgsqlConnection connection, IEnumerable<SessionRecord> sessions, CancellationToken cancellationToken) =>
        BinaryCopy.CopyAsync(connection, Table, OnePerKey(sessions), WriteAsync, cancellationToken);

    /// <summary>
    /// The run's sessions (in its order: user, then start) with those of one user and one start made one row, the
    /// table's key: counts and revenue summed, the latest end. A run has such twins when events come later than the
    /// allowed disorder, each opening a session of its own (README, "PostgreSQL serving store"); staged as two rows, they failed the
    /// whole publication ("ON CONFLICT DO UPDATE command cannot affect row a second time").
    /// </summary>
    internal static IEnumerable<SessionRecord> OnePerKey(IEnumerable<SessionRecord> sessions) =>
        SortedRuns.CombineAdjacent(
            sessions,
            // Keys as the table holds them: timestamptz keeps microseconds, input times may have 100 ns ticks.
            (a, b) => a.UserId == b.UserId && a.SessionStart.Ticks / 10 == b.SessionStart.Ticks / 10,
            (a, b) => a with
            {
                SessionEnd = a.SessionEnd > b.SessionEnd ? a.SessionEnd : b.SessionEnd,
                Events = a.Events + b.Events,
                Views = a.Views + b.Views,
                Carts = a.Carts + b.Carts,
                Purchases = a.Purchases + b.Purchases,
                Revenue = a.Revenue + b.Revenue,
            });

    /// <summary>A session from a row whose columns are <see cref="TableShape.Columns"/>, in order (<c>converted</c> follows from purchases).</summary>
    public static SessionRecord Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetDateTime(1), r.GetDateTime(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetDecimal(7));

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, SessionRecord s, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(s.UserId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Utc.Of(s.SessionStart), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Utc.Of(s.SessionEnd), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Events, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Views, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Carts, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Purchases, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Revenue, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(s.Converted, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
    }
}
