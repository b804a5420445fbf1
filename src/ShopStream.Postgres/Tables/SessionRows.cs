using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Postgres.Tables;

/// <summary><c>shopstream.sessions</c>: SPEC's <c>gold/sessions</c> columns, keyed by user and start.</summary>
internal static class SessionRows
{
    public static TableShape Table { get; } = new("sessions", ["user_id", "session_start"],
        ["session_end", "events", "views", "carts", "purchases", "revenue", "converted"]);

    /// <summary>
    /// A merge's first step for sessions, after the profiles' upsert: the staged sessions of users whose stored profile
    /// a newer publication wrote leave the stage, so the upsert adds none of them. A user's profile and sessions are
    /// one publication's (an older day's file added its sessions beside a later run's, whose profile counted fewer).
    /// </summary>
    public static string DropLostUsersSql { get; } = $"""
        DELETE FROM {Table.Stage} s
        WHERE EXISTS (SELECT 1 FROM {ProfileRows.Table.Qualified} p WHERE p.user_id = s.user_id AND p.version > @version)
        """;

    /// <summary>
    /// A merge's second step: the stored sessions that this publication lacks, of the users it holds and won (their
    /// profile is now of its version), are deleted. A run over the same events with another session gap, or over a
    /// user's later stretch, left the earlier sessions beside its own: a probe's store held 2,618 sessions where its
    /// profiles counted 1,753.
    /// </summary>
    public static string DeleteReplacedSql { get; } = $"""
        DELETE FROM {Table.Qualified} t
        WHERE t.version <= @version
          AND t.user_id IN (SELECT s.user_id FROM {ProfileRows.Table.Stage} s JOIN {ProfileRows.Table.Qualified} p USING (user_id) WHERE p.version <= @version)
          AND NOT EXISTS (SELECT 1 FROM {Table.Stage} s WHERE s.user_id = t.user_id AND s.session_start = t.session_start)
        """;

    public static Task<long> CopyAsync(NpgsqlConnection connection, IEnumerable<SessionRecord> sessions, CancellationToken cancellationToken) =>
        BinaryCopy.CopyAsync(connection, Table, sessions, WriteAsync, cancellationToken);

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
