using Npgsql;

namespace ShopStream.Postgres.Schema;

/// <summary>
/// Brings the <c>shopstream</c> schema up to <see cref="Migrations.Latest"/> in one transaction. A transaction-level
/// advisory lock serialises processes that start at once: the second waits, then finds nothing left to do.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock's key: "ShopStrm" in ASCII, unlikely to collide with another program's.</summary>
    public const long LockKey = 0x53686F705374726D;

    private const string VersionSql = "SELECT coalesce(max(version), 0) FROM shopstream.schema_version";

    public static async Task<MigrationResult> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A schema already current needs no DDL: a read-only role (USAGE and SELECT on the schema) serves from it.
            // CREATE SCHEMA IF NOT EXISTS checks its privilege first, so such a role was refused even then.
            int? installed = null;
            try
            {
                installed = await InstalledVersionAsync(connection, cancellationToken).ConfigureAwait(false);
                if (installed == Migrations.Latest)
                    return new MigrationResult(Migrations.Latest, Migrations.Latest, 0);
                if (installed > Migrations.Latest)
                    throw Newer(installed.Value);
                return await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // A role that may not read the schema is told the grants that let it serve, which is all a current
                // schema needs; it was told to migrate, even when there was nothing to migrate.
                var (exists, usable) = await SchemaAccessAsync(connection, cancellationToken).ConfigureAwait(false);
                if (installed is null && exists && !usable)
                {
                    throw new PostgresStoreException(
                        $"this role may not read the shopstream schema ({ex.MessageText}): grant it USAGE on schema shopstream and SELECT on its tables to serve from it (and INSERT, UPDATE and DELETE on them and TEMP on the database to publish runs to it), and if the schema is older than this program's version {Migrations.Latest}, run shopstream once with a role that may create in the database", ex);
                }

                string where = installed is { } version ? $"is at version {version}" : exists ? "has no version this role can read" : "does not exist";
                throw new PostgresStoreException(
                    $"the shopstream schema {where} and this program needs {Migrations.Latest}, but this role may not migrate it ({ex.MessageText}): run shopstream once with a role that may create in the database", ex);
            }
        }
    }

    // Whether the schema exists, and whether this role may read it: USAGE on it, and SELECT on its version table when
    // there is one (pg_namespace and pg_class are readable by every role). Without SELECT the version read as none,
    // and a role that could not read a current schema was told to migrate it.
    private static async Task<(bool Exists, bool Usable)> SchemaAccessAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        string? access = await Sql.ScalarAsync<string?>(connection, """
            SELECT CASE WHEN NOT has_schema_privilege(n.oid, 'USAGE') THEN 'exists'
                WHEN c.oid IS NOT NULL AND NOT has_table_privilege(c.oid, 'SELECT') THEN 'exists'
                ELSE 'usable' END
            FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'schema_version'
            WHERE n.nspname = 'shopstream'
            """, cancellationToken).ConfigureAwait(false);
        return (access is not null, access == "usable");
    }

    // The schema's version, or null without one (or when this role cannot read it; without USAGE on the schema even
    // to_regclass is refused, which the caller reports).
    private static async Task<int?> InstalledVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await Sql.ScalarAsync<object?>(connection, "SELECT to_regclass('shopstream.schema_version')::text", cancellationToken).ConfigureAwait(false) is not string)
            return null;
        try
        {
            return await Sql.ScalarAsync<int>(connection, VersionSql, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return null;
        }
    }

    private static async Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await Sql.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey)).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, """
                CREATE SCHEMA IF NOT EXISTS shopstream;
                CREATE TABLE IF NOT EXISTS shopstream.schema_version (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """, cancellationToken).ConfigureAwait(false);
            int current = await Sql.ScalarAsync<int>(connection, VersionSql, cancellationToken).ConfigureAwait(false);
            if (current > Migrations.Latest)
                throw Newer(current);

            int applied = 0;
            foreach (var migration in Migrations.All.Where(m => m.Version > current))
            {
                await Sql.ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
                await Sql.ExecuteAsync(connection, "INSERT INTO shopstream.schema_version (version, name) VALUES (@version, @name)", cancellationToken,
                    ("version", migration.Version), ("name", migration.Name)).ConfigureAwait(false);
                applied++;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new MigrationResult(current, Math.Max(current, Migrations.Latest), applied);
        }
    }

    private static PostgresStoreException Newer(int version) =>
        new($"the database's shopstream schema is at version {version}, newer than this program's {Migrations.Latest}: upgrade shopstream");
}
