using Npgsql;
using ShopStream.Postgres.Schema;

namespace ShopStream.Postgres;

/// <summary>Migrates the schema once per store before its first use (when the options ask for it); a failed attempt is retried by the next call.</summary>
internal sealed class SchemaGate(NpgsqlDataSource dataSource, bool migrate)
{
    private Task<MigrationResult>? _migration;

    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken) => SchemaMigrator.MigrateAsync(dataSource, cancellationToken);

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!migrate)
            return;
        var migration = _migration ??= MigrateAsync(CancellationToken.None);
        try
        {
            await migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (migration.IsFaulted || migration.IsCanceled)
        {
            _ = Interlocked.CompareExchange(ref _migration, null, migration);
            throw;
        }
    }
}
