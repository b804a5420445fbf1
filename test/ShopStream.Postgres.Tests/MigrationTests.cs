using Npgsql;
using ShopStream.Core.Serving;
using ShopStream.Postgres.Schema;

namespace ShopStream.Postgres.Tests;

/// <summary>The program creates and migrates its schema: ordered steps, once each, even with several processes at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer server)
{
    [Fact]
    public async Task Migrations_run_in_order_once_and_a_second_run_does_nothing()
    {
        var db = await server.CreateDatabaseAsync();
        await using var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink();

        var first = await sink.MigrateAsync();
        var second = await sink.MigrateAsync();

        Assert.Equal(new MigrationResult(0, Migrations.Latest, Migrations.All.Count), first);
        Assert.Equal(new MigrationResult(Migrations.Latest, Migrations.Latest, 0), second);
        Assert.Equal(Migrations.All.Select(m => m.Version), await AppliedVersionsAsync(db));
    }

    [Fact]
    public async Task Processes_migrating_at_once_apply_each_step_exactly_once()
    {
        var db = await server.CreateDatabaseAsync();
        var sinks = Enumerable.Range(0, 4).Select(_ => new PostgresStoreBuilder(db.ConnectionString).BuildSink()).ToArray();
        try
        {
            using var go = new Barrier(sinks.Length);
            var results = await Task.WhenAll(sinks.Select(s => Task.Run(async () =>
            {
                go.SignalAndWait();
                return await s.MigrateAsync();
            })));

            Assert.Equal(Migrations.All.Count, results.Sum(r => r.Applied));
            Assert.Single(results, r => r.Applied > 0);
            Assert.All(results, r => Assert.Equal(Migrations.Latest, r.ToVersion));
            Assert.Equal(Migrations.All.Select(m => m.Version), await AppliedVersionsAsync(db));
        }
        finally
        {
            foreach (var s in sinks)
                await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_schema_newer_than_the_program_is_refused_clearly()
    {
        var db = await server.CreateDatabaseAsync();
        await using var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink();
        await sink.MigrateAsync();
        await ExecuteAsync(db, "INSERT INTO shopstream.schema_version (version, name) VALUES (99, 'from the future')");

        var error = await Assert.ThrowsAsync<PostgresStoreException>(() => sink.MigrateAsync());

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains($"this program's {Migrations.Latest}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_on_an_empty_database_creates_the_schema_and_answers_empty()
    {
        var db = await server.CreateDatabaseAsync();
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();

        Assert.Null(await store.SummaryAsync());
        Assert.Null(await store.ProfileAsync(42));
        var page = await store.SearchProfilesAsync(new ProfileQuery());
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
        Assert.Empty(await store.HourlyMetricsAsync(null, null));
        Assert.Equal(Migrations.All.Select(m => m.Version), await AppliedVersionsAsync(db));
    }

    [Fact]
    public async Task A_read_only_role_serves_from_a_current_schema_and_is_told_when_it_may_not_migrate()
    {
        var db = await server.CreateDatabaseAsync();
        await using (var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink())
            await sink.PublishAsync(SampleRuns.Head(100));
        string role = "reader_" + db.Name;
        await ExecuteAsync(db, $"CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA shopstream TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA shopstream TO {role}");
        try
        {
            string reader = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = null }.ConnectionString;
            await using (var store = new PostgresStoreBuilder(reader).BuildServingStore())
                Assert.Equal(100, (await store.SummaryAsync())!.EventsRead); // was 42501 permission denied for database: CREATE SCHEMA IF NOT EXISTS

            await ExecuteAsync(db, "DELETE FROM shopstream.schema_version WHERE version = (SELECT max(version) FROM shopstream.schema_version)");
            await using var behind = new PostgresStoreBuilder(reader).BuildServingStore();
            var error = await Assert.ThrowsAsync<PostgresStoreException>(async () => await behind.SummaryAsync());
            Assert.StartsWith($"the shopstream schema is at version {Migrations.Latest - 1} and this program needs {Migrations.Latest}, but this role may not migrate it", error.Message, StringComparison.Ordinal);

            // A role with USAGE on a schema that has no version table is told to migrate, not to get USAGE.
            await ExecuteAsync(db, "ALTER TABLE shopstream.schema_version RENAME TO schema_version_away");
            await using (var unversioned = new PostgresStoreBuilder(reader).BuildServingStore())
            {
                var noVersion = await Assert.ThrowsAsync<PostgresStoreException>(async () => await unversioned.SummaryAsync());
                Assert.StartsWith("the shopstream schema has no version this role can read and this program needs", noVersion.Message, StringComparison.Ordinal);
            }

            await ExecuteAsync(db, "ALTER TABLE shopstream.schema_version_away RENAME TO schema_version");

            // USAGE without SELECT on the version table: told the grants, not to migrate a current schema.
            await ExecuteAsync(db, $"REVOKE SELECT ON shopstream.schema_version FROM {role}");
            await using (var unreadable = new PostgresStoreBuilder(reader).BuildServingStore())
            {
                var noSelect = await Assert.ThrowsAsync<PostgresStoreException>(async () => await unreadable.SummaryAsync());
                Assert.StartsWith("this role may not read the shopstream schema", noSelect.Message, StringComparison.Ordinal);
            }

            await ExecuteAsync(db, $"GRANT SELECT ON shopstream.schema_version TO {role}");

            // A role without even USAGE on the schema cannot read its version: said so, not "version 0".
            await ExecuteAsync(db, $"CREATE ROLE {role}_x LOGIN");
            string stranger = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role + "_x", Password = null }.ConnectionString;
            await using var outsider = new PostgresStoreBuilder(stranger).BuildServingStore();
            var refused = await Assert.ThrowsAsync<PostgresStoreException>(async () => await outsider.SummaryAsync());
            Assert.StartsWith("this role may not read the shopstream schema (permission denied for schema shopstream): grant it USAGE on schema shopstream and SELECT on its tables",
                refused.Message, StringComparison.Ordinal); // it said "has a version this role cannot read", and only to migrate
        }
        finally
        {
            await ExecuteAsync(db, $"DROP OWNED BY {role}; DROP ROLE {role}; DROP ROLE IF EXISTS {role}_x");
        }
    }

    [Fact]
    public async Task Without_migration_an_empty_database_fails_instead_of_creating_tables()
    {
        var db = await server.CreateDatabaseAsync();
        await using var store = new PostgresStoreBuilder(db.ConnectionString).WithOptions(new PostgresStoreOptions { MigrateSchema = false }).BuildServingStore();

        var error = await Assert.ThrowsAsync<ShopStream.Core.Serving.StoreUnavailableException>(async () => await store.SummaryAsync());

        // Served as a store that cannot be read (503), the reason kept.
        Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    private static async Task<List<int>> AppliedVersionsAsync(TestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM shopstream.schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
            versions.Add(reader.GetInt32(0));
        return versions;
    }

    internal static async Task ExecuteAsync(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
