using Npgsql;
using ShopStream.Core.Processing;
using ShopStream.Postgres.Schema;
using ShopStream.Postgres.Tables;

namespace ShopStream.Postgres;

/// <summary>
/// Publishes a run's results to PostgreSQL: profiles, sessions, hourly and minute window metrics and the run
/// summary, in one transaction. Each table's rows go by binary COPY into a temporary stage, then one
/// <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE version &lt;= the publication's</c> per table (see
/// <see cref="PublicationVersion"/>). Readers see all of a publication or none of it. Built by
/// <see cref="PostgresStoreBuilder.BuildSink"/>; owns its connection pool.
/// </summary>
public sealed class PostgresResultSink : IAsyncDisposable, IDisposable
{
    private static readonly TableShape[] s_tables = [ProfileRows.Table, SessionRows.Table, WindowRows.Hourly, WindowRows.Minute];

    private static readonly string s_lockForReplaceSql =
        $"LOCK TABLE {string.Join(", ", s_tables.Select(t => t.Qualified))}, {SummaryRow.Table} IN SHARE ROW EXCLUSIVE MODE";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaGate _schema;

    internal PostgresResultSink(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    {
        _dataSource = dataSource;
        _schema = new SchemaGate(dataSource, options.MigrateSchema);
    }

    /// <summary>Creates or migrates the <c>shopstream</c> schema now (safe to call from several processes at once).</summary>
    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default) => _schema.MigrateAsync(cancellationToken);

    /// <summary>
    /// Throws <see cref="PostgresStoreException"/> when the connecting role may not publish (write the store's tables,
    /// make the temporary tables a publication stages its rows in): a command checks before its run, as a read-only
    /// role was found out only when the whole run was done, by "permission denied" at its publication.
    /// </summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            string[] tables = [.. s_tables.Select(t => t.Qualified), SummaryRow.Table];
            // A table dropped by hand from a schema whose version says it is current is not made again by the
            // migration: every run then failed on "relation does not exist", with no word of the way out.
            object? missing = await Sql.ScalarAsync<object?>(connection,
                "SELECT string_agg(t, ', ') FROM unnest(@tables::text[]) AS t WHERE to_regclass(t) IS NULL", cancellationToken, ("tables", tables)).ConfigureAwait(false);
            if (missing is string)
            {
                throw new PostgresStoreException(
                    $"the store lacks {missing} although its shopstream schema is at version {Migrations.Latest} (dropped by hand?): restore it from a backup, or drop the schema (DROP SCHEMA shopstream CASCADE, which deletes every row of the store) and the next run makes it again");
            }

            var command = Sql.Command(connection, """
                SELECT current_user::text, has_database_privilege(current_database(), 'TEMP'),
                       (SELECT string_agg(t, ', ') FROM unnest(@tables::text[]) AS t
                        WHERE NOT (has_table_privilege(t, 'SELECT') AND has_table_privilege(t, 'INSERT')
                               AND has_table_privilege(t, 'UPDATE') AND has_table_privilege(t, 'DELETE')))
                """, ("tables", tables));
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    string role = reader.GetString(0);
                    if (!reader.IsDBNull(2))
                        throw new PostgresStoreException($"role {role} may not publish to the store: it lacks SELECT, INSERT, UPDATE or DELETE on {reader.GetString(2)}");
                    if (!reader.GetBoolean(1))
                        throw new PostgresStoreException($"role {role} may not publish to the store: it may not create temporary tables in the database (TEMP)");
                }
            }
        }
    }

    /// <summary>
    /// Publishes <paramref name="result"/> with <paramref name="version"/>, or by default the run's last event time
    /// (<see cref="PublicationVersion.FromLastEventTime"/>). By default (<see cref="PublishMode.Merge"/>) rows that a
    /// higher version wrote are left as they are, and rows of earlier publications that this run lacks are kept, but
    /// for the sessions of the users it holds: a user's profile and sessions are those of the newest publication that
    /// held the user. <see cref="PublishMode.Replace"/> leaves the store holding this run alone.
    /// </summary>
    public async Task<PublishResult> PublishAsync(RunResult result, long? version = null, PublishMode mode = PublishMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The pool's idle connections date from the check before the run, which may have taken hours: the server may
        // have closed them since (a restart, an idle-session timeout, a pooler), and the pool would hand one out
        // unchecked ("57P01: terminating connection due to administrator command" with the server up again).
        _dataSource.Clear();
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A replacement's deletes would lock rows in no set order: it takes the tables at once instead, in the
                // order every publication writes them, so it waits for a running publication and the next ones wait
                // for it, and none deadlock. Readers are not blocked.
                if (mode == PublishMode.Replace)
                    await Sql.ExecuteAsync(connection, s_lockForReplaceSql, cancellationToken).ConfigureAwait(false);
                foreach (var table in s_tables)
                    await Sql.ExecuteAsync(connection, table.CreateStageSql, cancellationToken).ConfigureAwait(false);

                var (profiles, lastEvent) = await ProfileRows.CopyAsync(connection, result.Profiles, cancellationToken).ConfigureAwait(false);
                long sessions = await SessionRows.CopyAsync(connection, result.Sessions, cancellationToken).ConfigureAwait(false);
                long hours = await WindowRows.CopyAsync(connection, WindowRows.Hourly, result.HourlyMetrics, cancellationToken).ConfigureAwait(false);
                long minutes = await WindowRows.CopyAsync(connection, WindowRows.Minute, result.MinuteMetrics, cancellationToken).ConfigureAwait(false);

                long v = version ?? PublicationVersion.FromLastEventTime(lastEvent);
                var published = new PublishResult(
                    v,
                    await WriteAsync(connection, ProfileRows.Table, profiles, v, mode, cancellationToken).ConfigureAwait(false),
                    await WriteAsync(connection, SessionRows.Table, sessions, v, mode, cancellationToken).ConfigureAwait(false),
                    await WriteAsync(connection, WindowRows.Hourly, hours, v, mode, cancellationToken).ConfigureAwait(false),
                    await WriteAsync(connection, WindowRows.Minute, minutes, v, mode, cancellationToken).ConfigureAwait(false),
                    await SummaryRow.UpsertAsync(connection, result.Summary, v, mode, cancellationToken).ConfigureAwait(false));
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return published;
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    // Deletes first, so the upsert does not rewrite rows about to go: a replacement's, of every row the run lacks; a
    // merge's, of the sessions the run replaces for each user it wins (after the profiles' upsert, which decides that).
    private static async Task<RowCounts> WriteAsync(NpgsqlConnection connection, TableShape table, long copied, long version, PublishMode mode, CancellationToken cancellationToken)
    {
        long removed = 0;
        if (mode == PublishMode.Replace)
        {
            removed = await Sql.ExecuteAsync(connection, table.DeleteMissingSql, cancellationToken).ConfigureAwait(false);
        }
        else if (table == SessionRows.Table)
        {
            await Sql.ExecuteAsync(connection, SessionRows.DropLostUsersSql, cancellationToken, ("version", version)).ConfigureAwait(false);
            removed = await Sql.ExecuteAsync(connection, SessionRows.DeleteReplacedSql, cancellationToken, ("version", version)).ConfigureAwait(false);
        }

        long upserted = await Sql.ExecuteAsync(connection, table.UpsertSql(mode), cancellationToken, ("version", version)).ConfigureAwait(false);
        return new RowCounts(copied, upserted, removed);
    }
}
