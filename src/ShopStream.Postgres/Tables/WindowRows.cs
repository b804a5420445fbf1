using Npgsql;
using NpgsqlTypes;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Postgres.Tables;

/// <summary><c>shopstream.hourly_metrics</c> and <c>shopstream.minute_metrics</c>: SPEC's window metrics columns, keyed by window start.</summary>
internal static class WindowRows
{
    private static readonly string[] s_values = ["window_end", "events", "views", "carts", "removes", "purchases", "revenue", "users"];

    public static TableShape Hourly { get; } = new("hourly_metrics", ["window_start"], s_values);

    public static TableShape Minute { get; } = new("minute_metrics", ["window_start"], s_values);

    public static Task<long> CopyAsync(NpgsqlConnection connection, TableShape table, IEnumerable<WindowResult> windows, CancellationToken cancellationToken) =>
        BinaryCopy.CopyAsync(connection, table, windows, WriteAsync, cancellationToken);

    /// <summary>A window from a row whose columns are <see cref="TableShape.Columns"/>, in order; stored windows are final.</summary>
    public static WindowResult Read(NpgsqlDataReader r) => new(
        r.GetDateTime(0), r.GetDateTime(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetDecimal(7), r.GetInt64(8),
        WindowResultKind.Final);

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, WindowResult w, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(Utc.Of(w.WindowStart), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Utc.Of(w.WindowEnd), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Events, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Views, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Carts, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Removes, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Purchases, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Revenue, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(w.Users, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
    }
}
