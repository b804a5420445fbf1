using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Text;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// The embedded event log with the sample's events as payloads (<see cref="ShopEventSerializer"/>), sequentially:
/// appending in batches of <see cref="BatchEvents"/> events with fsync off (<see cref="FsyncPolicy.Never"/>, as a
/// bulk import) and after every batch (<see cref="FsyncPolicy.Always"/>, as the collector), serialization included;
/// reading, with and without deserializing; and serializing alone. An append invocation appends the 5,000 events, a
/// read invocation reads 200,000 (the sample 40 times over, from the page cache). The logs live under
/// benchmarks/data, on the real disk (so an fsync costs what it costs there), kept under 256 MiB by retention.
/// The "log MB/s" column is the log's own bytes (record frames and batch headers) per second.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LogBytesConfig))]
public class EventLogBenchmarks
{
    public const int ReadRepeats = 40;
    private readonly StringPool _pool = new();
    private ShopEvent[] _events = null!;
    private LogBatch _batch = null!;
    private string _folder = null!;
    private FileEventLog _unsynced = null!;
    private FileEventLog _synced = null!;
    private FileEventLog _full = null!;
    private ILogReader _reader = null!;
    private readonly LogReadBatch _read = new();

    [Params(100, 1000)]
    public int BatchEvents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = SampleData.ParseEvents();
        _batch = new LogBatch();
        _folder = Path.Combine(Paths.Data, "eventlog-bench-" + Guid.NewGuid().ToString("N"));
        var options = new FileEventLogOptions { Partitions = 1, SegmentBytes = 32L << 20, Retention = LogRetention.BySize(256L << 20) };
        _unsynced = Open("never", options with { Fsync = FsyncPolicy.Never });
        _synced = Open("always", options with { Fsync = FsyncPolicy.Always });
        _full = Open("read", options with { Fsync = FsyncPolicy.Never, Retention = LogRetention.Forever });
        for (int r = 0; r < ReadRepeats; r++)
            AppendSample(_full);
        _reader = _full.OpenReader(0, 0);
        Read_and_deserialize(); // interns the sample's brands and categories, as a long replay would have
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        _unsynced.Dispose();
        _synced.Dispose();
        _full.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int ShopEventSerializer_Add()
    {
        int bytes = 0;
        for (int start = 0; start < _events.Length; start += BatchEvents)
        {
            _batch.Clear();
            for (int i = start; i < start + BatchEvents; i++)
                ShopEventSerializer.Add(_batch, in _events[i]);
            bytes += _batch.ByteLength;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long Append_fsync_never() => AppendSample(_unsynced);

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long Append_fsync_per_batch() => AppendSample(_synced);

    [Benchmark(OperationsPerInvoke = SampleData.Events * ReadRepeats)]
    public long Read()
    {
        _reader.Seek(0);
        long sum = 0;
        while (_reader.Read(_read) > 0)
        {
            for (int i = 0; i < _read.Count; i++)
                sum += _read[i].Key;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events * ReadRepeats)]
    public long Read_and_deserialize()
    {
        _reader.Seek(0);
        long sum = 0;
        while (_reader.Read(_read) > 0)
        {
            for (int i = 0; i < _read.Count; i++)
            {
                ShopEventSerializer.Read(_read[i].Payload, out var e, _pool);
                sum += e.ProductId;
            }
        }

        return sum;
    }

    private FileEventLog Open(string name, FileEventLogOptions options) =>
        new FileEventLogBuilder(Path.Combine(_folder, name)).WithOptions(options).Build();

    private long AppendSample(FileEventLog log)
    {
        long last = 0;
        for (int start = 0; start < _events.Length; start += BatchEvents)
        {
            _batch.Clear();
            for (int i = start; i < start + BatchEvents; i++)
                ShopEventSerializer.Add(_batch, in _events[i]);
            last = log.Append(0, _batch);
        }

        return last;
    }

    /// <summary>The log's bytes per event for a batch size: the sample's record frames plus a share of each batch's header.</summary>
    private static double LogBytesPerEvent(int batchEvents)
    {
        var events = SampleData.ParseEvents();
        var batch = new LogBatch();
        foreach (var e in events)
            ShopEventSerializer.Add(batch, in e);
        return ((double)batch.ByteLength / events.Length) + (32.0 / batchEvents); // 32: a batch header without source position
    }

    private sealed class LogBytesConfig : ManualConfig
    {
        public LogBytesConfig() => AddColumn(new LogMegabytesColumn());
    }

    private sealed class LogMegabytesColumn : IColumn
    {
        private readonly Dictionary<int, double> _bytesPerEvent = [];

        public string Id => "ShopStream.LogMegabytesPerSecond";
        public string ColumnName => "log MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Log megabytes (10^6 B of record frames and batch headers) per second, from the mean time per event";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { Mean: > 0 } stats)
                return "-";
            int batchEvents = (int)benchmarkCase.Parameters[nameof(BatchEvents)];
            if (!_bytesPerEvent.TryGetValue(batchEvents, out double bytes))
                _bytesPerEvent[batchEvents] = bytes = LogBytesPerEvent(batchEvents);
            return (bytes / stats.Mean * 1e3).ToString("0", CultureInfo.InvariantCulture);
        }

        public override string ToString() => ColumnName;
    }
}
