using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Api.Collector;

/// <summary>Opens the embedded event log in a folder and a collector on it: <c>new EventCollectorBuilder(dir).WithPartitions(4).Build()</c>.</summary>
public sealed class EventCollectorBuilder(string logDirectory)
{
    private int? _partitions;
    private FsyncPolicy _fsync = FsyncPolicy.Always;
    private IEventLog? _log;

    /// <summary>Collects into <paramref name="log"/> (disposed with the collector) instead of the folder's embedded log: a Kafka topic.</summary>
    public EventCollectorBuilder WithLog(IEventLog log)
    {
        _log = log;
        return this;
    }

    /// <summary>Partitions of a new log (an existing log keeps its own).</summary>
    public EventCollectorBuilder WithPartitions(int? partitions)
    {
        _partitions = partitions;
        return this;
    }

    /// <summary>Always (the default) makes every acknowledged event durable before the acknowledgement.</summary>
    public EventCollectorBuilder WithFsync(FsyncPolicy fsync)
    {
        _fsync = fsync;
        return this;
    }

    public EventCollector Build()
    {
        IEventLog? log = _log;
        CollectorDeadLetters? deadLetters = null;
        try
        {
            deadLetters = new CollectorDeadLetters(CollectorRejects.PathBeside(logDirectory));
            log ??= new FileEventLogBuilder(logDirectory)
                .WithOptions(new FileEventLogOptions { Partitions = _partitions, Fsync = _fsync })
                .Build();
            return new EventCollector(log, deadLetters);
        }
        catch
        {
            deadLetters?.Dispose();
            // The log, opened here or given to the collector to own, is nobody else's to close: left open, it would
            // keep the folder locked ("already open") until a garbage collection finalized it.
            log?.Dispose();
            throw;
        }
    }
}
