using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Postgres.Tables;

/// <summary><c>shopstream.sessions</c>: SPEC's <c>gold/sessions</c> columns, keyed by user and start.</summary>
internal static class SessionRows
{
    public static TableShape Table { get; } = new("sessions", ["user_id", "session_start"],
        ["session_end", "events", "views", "carts", "purchases", "revenue", "converted"]);

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
