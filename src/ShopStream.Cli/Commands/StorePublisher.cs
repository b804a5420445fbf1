using Npgsql;
using ShopStream.Core.Processing;
using ShopStream.Postgres;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>run --store postgres://...</c>: connects and migrates the store before the run (a bad URL or an unreachable
/// server fails at once, not after a long run), then publishes the run's results. A malformed URL is bad input
/// (exit 2); a server error is an <see cref="IOException"/> (exit 1). Messages never hold the password.
/// </summary>
internal sealed class StorePublisher : IDisposable
{
    private readonly PostgresResultSink _sink;

    private readonly PublishMode _mode;

    private StorePublisher(PostgresResultSink sink, string description, PublishMode mode)
    {
        _sink = sink;
        _mode = mode;
        Description = description;
    }

    /// <summary>The store's URL without the password.</summary>
    public string Description { get; }

    public static StorePublisher Open(string url, PublishMode mode)
    {
        var builder = PostgresStoreBuilder.FromUrl(url);
        var publisher = new StorePublisher(builder.BuildSink(), builder.Description, mode);
        try
        {
            publisher.Guard(() => publisher._sink.MigrateAsync());
            publisher.Guard(async () =>
            {
                await publisher._sink.CheckWritableAsync();
                return true;
            });
            return publisher;
        }
        catch
        {
            publisher.Dispose();
            throw;
        }
    }

    public PublishResult Publish(RunResult result) => Guard(() => _sink.PublishAsync(result, mode: _mode));

    public void Dispose() => _sink.Dispose();

    private T Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return action().GetAwaiter().GetResult();
        }
        catch (NpgsqlException ex)
        {
            throw new IOException($"PostgreSQL store {Description}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
