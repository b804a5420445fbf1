using ShopStream.Core.Log.Embedded;

namespace ShopStream.Api.Collector;

/// <summary>Opens the embedded event log in a folder and a collector on it: <c>new EventCollectorBuilder(dir).WithPartitions(4).Build()</c>.</summary>
public sealed class EventCollectorBuilder(string logDirectory)
{
    private int? _partitions;
    private FsyncPolicy _fsync = FsyncPolicy.Always;

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
        var log = new FileEventLogBuilder(logDirectory)
            .WithOptions(new FileEventLogOptions { Partitions = _partitions, Fsync = _fsync })
            .Build();
        return new EventCollector(log);
    }
}
