using System.Diagnostics;
using System.Globalization;
using Npgsql;
using ShopStream.Cli;
using ShopStream.Tests;

namespace ShopStream.Postgres.Tests;

/// <summary><c>shopstream run --store postgres://...</c>, in-process: publishes after the run; bad URLs and servers fail in one line.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RunStoreCommandTests(PostgresServer server)
{
    [Fact]
    public async Task Run_with_a_store_publishes_the_golden_summary_and_every_profile()
    {
        var db = await server.CreateDatabaseAsync();
        using var temp = new TempFolder();

        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet", "--store", db.Url);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();
        var summary = await store.SummaryAsync();
        Assert.NotNull(summary);
        Assert.Equal(5000, summary.EventsRead);
        Assert.Equal(1747, summary.Users);
        Assert.Equal(1753, summary.Sessions);
        Assert.Equal(14786.59m, summary.Revenue);
        Assert.Equal(1, summary.SegmentCount("high_value"));
        var page = await store.SearchProfilesAsync(new() { PageSize = 1000, Page = 2 });
        Assert.Equal(1747, page.Total);
        Assert.Equal(SampleRuns.Full.Profiles.Skip(1000).ToList(), page.Items);
    }

    [Fact]
    public async Task Store_replace_leaves_the_store_holding_the_smaller_run_alone()
    {
        var db = await server.CreateDatabaseAsync();
        using var temp = new TempFolder();
        string head = temp.File("head.csv");
        File.WriteAllLines(head, File.ReadLines(RepoPaths.Rees46Sample).Take(2501));
        Assert.Equal(0, Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("full"), "--quiet", "--store", db.Url).ExitCode);

        var (code, error) = Run("run", "--input", head, "--out", temp.File("head"), "--quiet", "--store", db.Url, "--store-replace");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();
        var summary = await store.SummaryAsync();
        Assert.NotNull(summary);
        Assert.Equal(2500, summary.EventsRead);
        // Without --store-replace the full run's users would still be there: 1,747 profiles beside a summary of fewer.
        Assert.Equal(summary.Users, (await store.SearchProfilesAsync(new() { PageSize = 1 })).Total);
        Assert.True(summary.Users < 1747);
    }

    [Fact]
    public async Task A_run_that_accepted_no_record_or_read_none_leaves_the_store_as_it_was_even_with_store_replace()
    {
        var db = await server.CreateDatabaseAsync();
        using var temp = new TempFolder();
        Assert.Equal(0, Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("full"), "--quiet", "--store", db.Url).ExitCode);

        // The clickstream read as order lines: every record rejected.
        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--format", "orders", "--out", temp.File("wrong"), "--quiet", "--store", db.Url, "--store-replace");

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("every record read was rejected", line, StringComparison.Ordinal);
        Assert.Contains("; nothing was published to postgres://", line, StringComparison.Ordinal);
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();
        var summary = await store.SummaryAsync();
        Assert.NotNull(summary);
        Assert.Equal((5000L, 1747L), (summary.EventsRead, summary.Users)); // the first run's
        Assert.Equal(1747, (await store.SearchProfilesAsync(new() { PageSize = 1 })).Total); // was 0: the store emptied

        // A header alone (an export that came out empty): a warning and exit 0, as without a store, and the store as
        // it was. It was emptied with exit 0: "0 of 0 profiles ...; 1,896 rows of earlier runs removed".
        string headerAlone = temp.File("header.csv");
        File.WriteAllText(headerAlone, File.ReadLines(RepoPaths.Rees46Sample).First() + "\n");
        (code, error) = Run("run", "--input", headerAlone, "--out", temp.File("empty"), "--quiet", "--store", db.Url, "--store-replace");

        Assert.Equal(0, code);
        line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the input held no records", line, StringComparison.Ordinal);
        Assert.Contains("; nothing was published to postgres://", line, StringComparison.Ordinal);
        summary = await store.SummaryAsync();
        Assert.Equal((5000L, 1747L), (summary!.EventsRead, summary.Users));
        Assert.Equal(1747, (await store.SearchProfilesAsync(new() { PageSize = 1 })).Total);
    }

    [Fact]
    public void Store_replace_without_a_store_is_bad_input()
    {
        using var temp = new TempFolder();
        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", "--store-replace");

        Assert.Equal(2, code);
        AssertOneLine(error);
        Assert.Contains("--store", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://shop:s3cret@127.0.0.1:notaport/db", "port")]
    [InlineData("mysql://shop:s3cret@127.0.0.1/db", "scheme")]
    [InlineData("postgres://shop:s3cret@127.0.0.1:5432", "database name is missing")]
    [InlineData("postgres://shop:s3cret127.0.0.1:5432/db", "is the '@' between user:password and the host missing?")] // was exit 1 naming the password
    public void A_malformed_store_url_is_bad_input_before_anything_runs(string url, string expected)
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--store", url);

        Assert.Equal(2, code);
        AssertOneLine(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "nothing runs when the store URL is bad");
    }

    [Fact]
    public async Task A_role_that_may_only_read_fails_in_one_line_before_the_run()
    {
        var db = await server.CreateDatabaseAsync();
        await using (var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink())
            await sink.MigrateAsync();
        string role = "reader_" + db.Name;
        await MigrationTests.ExecuteAsync(db, $"CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA shopstream TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA shopstream TO {role}");
        try
        {
            var admin = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
            using var temp = new TempFolder();
            string outDir = temp.File("out");

            var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--store", $"postgres://{role}@{admin.Host}:{admin.Port}/{db.Name}");

            Assert.Equal(1, code);
            AssertOneLine(error);
            Assert.Contains($"role {role} may not publish to the store: it lacks SELECT, INSERT, UPDATE or DELETE on shopstream.profiles", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(outDir), "the run did not start"); // it ran whole, then failed on 42501 permission denied
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await MigrationTests.ExecuteAsync(db, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task A_table_dropped_by_hand_fails_in_one_line_before_the_run()
    {
        var db = await server.CreateDatabaseAsync();
        await using (var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink())
            await sink.MigrateAsync();
        await MigrationTests.ExecuteAsync(db, "DROP TABLE shopstream.sessions");
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--store", db.Url);

        Assert.Equal(1, code);
        AssertOneLine(error);
        Assert.Contains("the store lacks shopstream.sessions although its shopstream schema is at version", error, StringComparison.Ordinal); // was 42P01, "relation ... does not exist", alone
        Assert.False(Directory.Exists(outDir), "the run did not start");
    }

    [Fact]
    public void An_unreachable_store_fails_in_one_line_before_the_run()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (code, error) = Run("run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--store", "postgres://shop:s3cret@127.0.0.1:1/db?connect_timeout=5");

        Assert.Equal(1, code);
        AssertOneLine(error);
        Assert.Contains("postgres://shop@127.0.0.1:1/db", error, StringComparison.Ordinal);
        Assert.Contains("(connection refused: is PostgreSQL running, and listening on that address and port?)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_publication_cut_off_by_the_server_says_the_outputs_are_complete_and_the_store_holds_none_of_it()
    {
        var db = await server.CreateDatabaseAsync();
        using var temp = new TempFolder();
        await using var locker = await LockProfilesAsync(db);

        var running = Task.Run(() => Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet", "--store", db.Url));
        int backend = await BlockedBackendAsync(db, running);
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", locker))
        {
            kill.Parameters.AddWithValue("pid", backend);
            await kill.ExecuteScalarAsync();
        }

        var (code, error) = await running;
        Assert.Equal(1, code);
        AssertOneLine(error);
        Assert.Contains("57P01: terminating connection due to administrator command; the run's outputs in " + temp.Path + " are complete", error, StringComparison.Ordinal);
        Assert.Contains("the store holds all of this run or none of it", error, StringComparison.Ordinal);
        Assert.DoesNotContain("POSITION", error, StringComparison.Ordinal); // PostgresException.Message's extra lines
        Assert.True(File.Exists(Path.Combine(temp.Path, "summary.json")));
    }

    [Fact]
    public async Task A_stop_while_publishing_says_the_outputs_are_complete_and_the_store_holds_none_of_it()
    {
        var db = await server.CreateDatabaseAsync();
        using var temp = new TempFolder();
        await using var locker = await LockProfilesAsync(db);
        using var run = Process.Start(ShopstreamProcess.StartInfo("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--store", db.Url))!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        try
        {
            await BlockedBackendAsync(db, run.WaitForExitAsync());
            // SIGTERM, which Ctrl+C's SIGINT shares the handler with: a test run from a background shell (CI under
            // nohup) starts its children with SIGINT ignored, and such a child never stopped.
            using (var stop = Process.Start("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]))
                await stop.WaitForExitAsync();
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!run.HasExited)
                run.Kill();
        }

        // It exited without a word: the folder looked finished, and nothing said the store was not updated.
        Assert.Equal(143, run.ExitCode);
        Assert.Contains("publishing to postgres://", await output, StringComparison.Ordinal);
        string error = await errors;
        Assert.Contains("shopstream: stopped while publishing to postgres://", error, StringComparison.Ordinal);
        Assert.Contains($"the run's outputs in {temp.Path} are complete", error, StringComparison.Ordinal);
        await locker.DisposeAsync(); // the lock goes with its connection
        await using var store = new PostgresStoreBuilder(db.ConnectionString).BuildServingStore();
        Assert.Null(await store.SummaryAsync());
    }

    // A connection holding shopstream.profiles locked (its schema made first): a publication waits for it.
    private static async Task<NpgsqlConnection> LockProfilesAsync(TestDatabase db)
    {
        await using (var sink = new PostgresStoreBuilder(db.ConnectionString).BuildSink())
            await sink.MigrateAsync();
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN; LOCK TABLE shopstream.profiles IN ACCESS EXCLUSIVE MODE", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    // The backend of the publication waiting for that lock (the run before it takes a second or two), found from a
    // connection of its own: inside the locker's transaction, pg_stat_activity would be the snapshot of its first read.
    private static async Task<int> BlockedBackendAsync(TestDatabase db, Task running)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var find = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' LIMIT 1", connection);
            find.Parameters.AddWithValue("db", db.Name);
            if (await find.ExecuteScalarAsync() is int pid)
                return pid;
            Assert.False(running.IsCompleted, "the run ended before it waited for the lock");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "no publication waited for the lock within a minute");
            await Task.Delay(100);
        }
    }

    private static (int ExitCode, string Error) Run(params string[] args)
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static void AssertOneLine(string error)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("shopstream: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
