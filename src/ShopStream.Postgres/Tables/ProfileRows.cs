using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Postgres.Tables;

/// <summary><c>shopstream.profiles</c>: SPEC's <c>gold/profiles</c> columns, copied in binary and read back.</summary>
internal static class ProfileRows
{
    public static TableShape Table { get; } = new("profiles", ["user_id"],
        ["events", "views", "carts", "removes", "purchases", "revenue", "first_seen", "last_seen", "sessions", "products_viewed", "top_category", "top_brand", "segment"]);

    /// <summary>Copies the profiles into the stage; returns the row count and the latest <c>last_seen</c> (the run's last event time).</summary>
    public static async Task<(long Rows, DateTime? LastEvent)> CopyAsync(NpgsqlConnection connection, IEnumerable<CustomerProfile> profiles, CancellationToken cancellationToken)
    {
        DateTime? last = null;
        long rows = await BinaryCopy.CopyAsync(connection, Table, profiles, (importer, p, ct) =>
        {
            if (last is null || p.LastSeen > last)
                last = p.LastSeen;
            return WriteAsync(importer, p, ct);
        }, cancellationToken).ConfigureAwait(false);
        return (rows, last);
    }

    /// <summary>A profile from a row whose columns are <see cref="TableShape.Columns"/>, in order.</summary>
    public static CustomerProfile Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetDecimal(6),
        r.GetDateTime(7), r.GetDateTime(8), r.GetInt32(9), r.GetInt32(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12),
        Segments.Parse(r.GetString(13)));

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, CustomerProfile p, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(p.UserId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Events, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Views, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Carts, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Removes, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Purchases, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Revenue, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Utc.Of(p.FirstSeen), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Utc.Of(p.LastSeen), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.Sessions, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(p.ProductsViewed, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(importer, p.TopCategory, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(importer, p.TopBrand, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(SegmentRules.Name(p.Segment), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
