using Npgsql;
using ShopStream.Postgres.Schema;

namespace ShopStream.Postgres;

/// <summary>
/// Migrates the schema once per store before its first use (when the options ask for it); a failed attempt is retried
/// by the next call. A caller waits at most <paramref name="wait"/> (the serving store's read timeout: a stalled
/// server held every read behind the migration's ten-minute command timeout), then gets a <see cref="TimeoutException"/>.
/// </summary>
internal sealed class SchemaGate(NpgsqlDataSource dataSource, bool migrate, TimeSpan? wait = null)
{
    private Task<MigrationResult>? _migration;

    /// <summary>Migrates now (a command's start); a success lets later calls of <see cref="EnsureAsync"/> pass at once.</summary>
    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var migration = SchemaMigrator.MigrateAsync(dataSource, cancellationToken);
        if (migrate)
            _ = Interlocked.CompareExchange(ref _migration, migration, null);
        return migration;
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!migrate)
            return;
        var migration = _migration ??= SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);
        try
        {
            await (wait is { } w ? migration.WaitAsync(w, cancellationToken) : migration.WaitAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception) when (migration.IsFaulted || migration.IsCanceled)
        {
            _ = Interlocked.CompareExchange(ref _migration, null, migration);
            throw;
        }
    }
}
