using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The run's DuckDB connection, opened on the thread pool while the run reads: only quarantine's copy at the end
/// needs it, and loading the library and starting DuckDB held up the start of the run by a few tenths of a second
/// (1M events: reading began 0.5 s after start with the lake, 0.2 s without). A missing library still fails at once.
/// </summary>
internal sealed class DuckDbOpening : IDisposable
{
    private readonly Task<(DuckDbDatabase Database, DuckDbConnection Connection)> _opening;

    /// <param name="settingsSql">Run on the new connection (SET statements).</param>
    /// <exception cref="DllNotFoundException">There is no DuckDB library.</exception>
    public DuckDbOpening(string settingsSql)
    {
        DuckDbLibrary.ExistingPath();
        _opening = Task.Run(() => Open(settingsSql));
    }

    /// <exception cref="DuckDbException">DuckDB did not open or refused a setting.</exception>
    public async Task<DuckDbConnection> ConnectionAsync() => (await _opening.ConfigureAwait(false)).Connection;

    public void Dispose()
    {
        // Waits without throwing: a failure to open was reported by ConnectionAsync, or the run failed before it.
        Task.WhenAny(_opening).GetAwaiter().GetResult();
        if (!_opening.IsCompletedSuccessfully)
            return;
        var (database, connection) = _opening.Result;
        connection.Dispose();
        database.Dispose();
    }

    private static (DuckDbDatabase, DuckDbConnection) Open(string settingsSql)
    {
        var database = DuckDbDatabase.Open();
        DuckDbConnection? connection = null;
        try
        {
            connection = database.Connect();
            connection.Execute(settingsSql);
            return (database, connection);
        }
        catch
        {
            connection?.Dispose();
            database.Dispose();
            throw;
        }
    }
}
