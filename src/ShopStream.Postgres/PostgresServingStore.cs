using System.Globalization;
using Npgsql;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;
using ShopStream.Postgres.Tables;

namespace ShopStream.Postgres;

/// <summary>
/// <see cref="IServingStore"/> on the PostgreSQL serving store that <see cref="PostgresResultSink"/> publishes to:
/// parameterized SQL only. Built by <see cref="PostgresStoreBuilder.BuildServingStore"/>; owns its connection pool.
/// An empty store (schema created, nothing published) answers as a store without a run: no summary, no profiles.
/// </summary>
public sealed partial class PostgresServingStore : IServingStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _schemaSource;
    private readonly SchemaGate _schema;
    private readonly TimeSpan _readDeadline;

    /// <param name="dataSource">For the reads (a short command timeout).</param>
    /// <param name="schemaSource">For the schema check and migration (a migration may take long).</param>
    internal PostgresServingStore(NpgsqlDataSource dataSource, NpgsqlDataSource schemaSource, PostgresStoreOptions options)
    {
        _dataSource = dataSource;
        _schemaSource = schemaSource;
        _schema = new SchemaGate(schemaSource, options.MigrateSchema, options.ReadTimeout);
        _readDeadline = options.ReadTimeout + ReadGrace;
    }

    // Past the read timeout, for the schema check, which waits that long for a migration, to say so first.
    private static readonly TimeSpan ReadGrace = TimeSpan.FromSeconds(1);

    /// <summary>Creates or migrates the <c>shopstream</c> schema now (safe to call from several processes at once).</summary>
    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default) => _schema.MigrateAsync(cancellationToken);

    public async ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(SummaryRow.SelectSql, SummaryRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Whether a run was published (the summary's one row): the store is empty before the first publication.</summary>
    public async ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default) => await SummaryAsync(cancellationToken).ConfigureAwait(false) is not null;

    public string? NoRunMessage => "the serving store holds no run yet: publish one with `shopstream run ... --store URL`";

    /// <summary>
    /// Runs one read, within the read timeout in all (and a second), turning a lost server (down, restarting,
    /// refusing connections, frozen) or one that cannot serve into <see cref="StoreUnavailableException"/>; an error
    /// in the query itself stays what it is. <paramref name="read"/> is given a token that ends with the time allowed.
    /// </summary>
    private async Task<T> ReachAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = read(deadline.Token);
        try
        {
            // A server that holds a read with its connections frozen (stopped, or cut off by the network) outlasted
            // Npgsql's read timeout by 30 s: on a timeout or a cancelled token Npgsql cancels the query over a new
            // connection, which nothing answers either, and blocks a thread meanwhile (many reads at once took up to
            // 39 s, their threads starved). The read is given up here at its deadline, before Npgsql's own timeout
            // (PostgresStoreBuilder sets it later), and cancelled only once the caller has its answer; it ends in the
            // background, its connection broken, whatever became of it observed.
            return await reading.WaitAsync(_readDeadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) when (!reading.IsCompleted)
        {
            _ = Task.Run(deadline.Cancel, CancellationToken.None);
            throw new StoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"the PostgreSQL store cannot be reached: it did not answer a read within {_readDeadline.TotalSeconds:0.#} s"), ex);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new StoreUnavailableException($"the PostgreSQL store cannot be reached: {PostgresErrorText.Of(ex)}", ex);
        }
        catch (PostgresException ex) when (IsUnreadable(ex))
        {
            throw new StoreUnavailableException($"the PostgreSQL store cannot be read: {ex.MessageText.ReplaceLineEndings(" ")}", ex);
        }
        finally
        {
            if (reading.IsCompleted)
            {
                deadline.Dispose();
            }
            else
            {
                _ = reading.ContinueWith(
                    (t, source) =>
                    {
                        _ = t.Exception;
                        ((CancellationTokenSource)source!).Dispose();
                    },
                    deadline, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }

    // Connection exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
    // connect now), too many connections (53300), and failures before any server answered (refused, timed out).
    private static bool IsUnreachable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException => true,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    // A role that lost its grants (42501), or a schema or table dropped under the server (3F000, 42P01): the store
    // is there but cannot serve, as when it is down. They were 500 "internal error", and /readyz could say ready.
    private static bool IsUnreadable(PostgresException ex) => ex.SqlState is "42501" or "3F000" or "42P01";

    public async ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"{ProfileRows.Table.SelectSql} WHERE user_id = @user_id", ProfileRows.Read, cancellationToken, ("user_id", userId))
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        await WindowsAsync(WindowRows.Hourly, from, to, cancellationToken).ConfigureAwait(false);

    /// <summary>Minute window metrics with <c>from &lt;= window_start &lt; to</c> (either bound may be open), by window start.</summary>
    public async ValueTask<IReadOnlyList<WindowResult>> MinuteMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default) =>
        await WindowsAsync(WindowRows.Minute, from, to, cancellationToken).ConfigureAwait(false);

    /// <summary>One user's sessions by start (empty for an unknown user).</summary>
    public async ValueTask<IReadOnlyList<SessionRecord>> SessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        await QueryAsync($"{SessionRows.Table.SelectSql} WHERE user_id = @user_id ORDER BY session_start", SessionRows.Read, cancellationToken, ("user_id", userId))
            .ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _schemaSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaSource.Dispose();
    }

    // Times without a kind are UTC (SPEC); the bounds are fixed SQL with the values as parameters, rounded up to
    // PostgreSQL's microsecond: window starts are whole microseconds there, so start >= from and start < to hold for
    // the rounded bound exactly when they do for the API's 100 ns one (Npgsql cut it down, and 00:00:00.9999999
    // then let in the 00:00 window that the file-backed store leaves out).
    private Task<List<WindowResult>> WindowsAsync(TableShape table, DateTime? from, DateTime? to, CancellationToken cancellationToken)
    {
        var filters = new List<string>(2);
        var parameters = new List<(string, object?)>(2);
        if (from is { } f)
        {
            filters.Add("window_start >= @from");
            parameters.Add(("from", MicrosecondCeiling(Utc.Of(f))));
        }

        if (to is { } t)
        {
            filters.Add("window_start < @to");
            parameters.Add(("to", MicrosecondCeiling(Utc.Of(t))));
        }

        string where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        return QueryAsync($"{table.SelectSql}{where} ORDER BY window_start", WindowRows.Read, cancellationToken, [.. parameters]);
    }

    private Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReachAsync(async deadline =>
        {
            await _schema.EnsureAsync(deadline).ConfigureAwait(false);
            var connection = await _dataSource.OpenConnectionAsync(deadline).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
                return await ReadAllAsync(Sql.Command(connection, sql, parameters), read, deadline).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    rows.Add(read(reader));
                return rows;
            }
        }
    }

    private static DateTime MicrosecondCeiling(DateTime t)
    {
        long past = t.Ticks % TimeSpan.TicksPerMicrosecond;
        return past == 0 || t.Ticks > DateTime.MaxValue.Ticks - TimeSpan.TicksPerMicrosecond ? t : t.AddTicks(TimeSpan.TicksPerMicrosecond - past);
    }
}
