using Npgsql;
using ShopStream.Core.Processing;
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
    /// Publishes <paramref name="result"/> with <paramref name="version"/>, or by default the run's last event time
    /// (<see cref="PublicationVersion.FromLastEventTime"/>). Rows that a higher version wrote are left as they are;
    /// rows of earlier publications that this run lacks are kept.
    /// </summary>
    public async Task<PublishResult> PublishAsync(RunResult result, long? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var table in new[] { ProfileRows.Table, SessionRows.Table, WindowRows.Hourly, WindowRows.Minute })
                    await Sql.ExecuteAsync(connection, table.CreateStageSql, cancellationToken).ConfigureAwait(false);

                var (profiles, lastEvent) = await ProfileRows.CopyAsync(connection, result.Profiles, cancellationToken).ConfigureAwait(false);
                long sessions = await SessionRows.CopyAsync(connection, result.Sessions, cancellationToken).ConfigureAwait(false);
                long hours = await WindowRows.CopyAsync(connection, WindowRows.Hourly, result.HourlyMetrics, cancellationToken).ConfigureAwait(false);
                long minutes = await WindowRows.CopyAsync(connection, WindowRows.Minute, result.MinuteMetrics, cancellationToken).ConfigureAwait(false);

                long v = version ?? PublicationVersion.FromLastEventTime(lastEvent);
                var published = new PublishResult(
                    v,
                    new(profiles, await UpsertAsync(connection, ProfileRows.Table, v, cancellationToken).ConfigureAwait(false)),
                    new(sessions, await UpsertAsync(connection, SessionRows.Table, v, cancellationToken).ConfigureAwait(false)),
                    new(hours, await UpsertAsync(connection, WindowRows.Hourly, v, cancellationToken).ConfigureAwait(false)),
                    new(minutes, await UpsertAsync(connection, WindowRows.Minute, v, cancellationToken).ConfigureAwait(false)),
                    await SummaryRow.UpsertAsync(connection, result.Summary, v, cancellationToken).ConfigureAwait(false));
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return published;
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static Task<int> UpsertAsync(NpgsqlConnection connection, TableShape table, long version, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, table.UpsertSql, cancellationToken, ("version", version));
}
