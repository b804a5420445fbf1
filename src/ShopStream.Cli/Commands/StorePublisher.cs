using System.Runtime.InteropServices;
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

    /// <summary>
    /// Publishes the run, whose outputs in <paramref name="outputs"/> are complete by now. A failure, or Ctrl+C or
    /// SIGTERM meanwhile (which end the process as before), says so: a run stopped there exited 130 without a word,
    /// its folder looking finished and the store not updated.
    /// </summary>
    public PublishResult Publish(RunResult result, string outputs)
    {
        string after = $"the run's outputs in {outputs} are complete, and a publication is one transaction, so the store holds all of this run or none of it (run again to publish it)";
        bool committed = false; // a signal after the commit came back: the run is published, nothing to say
        void Stopped(PosixSignalContext context)
        {
            if (!Volatile.Read(ref committed))
                Console.Error.WriteLine($"shopstream: stopped while publishing to {Description}: {after}");
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stopped);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stopped);
        try
        {
            var published = Guard(() => _sink.PublishAsync(result, mode: _mode));
            Volatile.Write(ref committed, true);
            return published;
        }
        catch (IOException ex)
        {
            throw new IOException($"{ex.Message}; {after}", ex);
        }
    }

    public void Dispose() => _sink.Dispose();

    private T Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return action().GetAwaiter().GetResult();
        }
        catch (NpgsqlException ex)
        {
            throw new IOException($"PostgreSQL store {Description}: {PostgresErrorText.Of(ex)}", ex);
        }
    }
}
