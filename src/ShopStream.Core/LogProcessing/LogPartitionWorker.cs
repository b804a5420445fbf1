using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;
using ShopStream.Core.Log;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// Processes one log partition from its checkpoint (or its start) to the end of the log. Each record carries the
/// stream's max event time at ingest (<see cref="LoggedEvent"/>), so the watermark, and with it every lateness
/// decision, is the one the in-memory pipeline stamps: results equal a <c>run</c> over the same input. By policy
/// and at the end it checkpoints the partition (state, offset, dead-letter length) and only then commits the offset
/// for the consumer group.
/// </summary>
internal sealed class LogPartitionWorker
{
    private readonly IEventLog _log;
    private readonly int _partition;
    private readonly PipelineOptions _options;
    private readonly string _group;
    private readonly CheckpointStore _store;
    private readonly CheckpointPolicy? _policy;
    private readonly string _runKey;
    private readonly string _deadLetterFile;
    private readonly PartitionCheckpoint? _restored;
    private readonly TimeProvider _time;
    private long _sequence;

    public LogPartitionWorker(
        IEventLog log, int partition, PipelineOptions options, string group, RunDirectory output, CheckpointPolicy? policy, string runKey, TimeProvider time)
    {
        _log = log;
        _partition = partition;
        _options = options;
        _group = group;
        _policy = policy;
        _runKey = runKey;
        _time = time;
        _store = new CheckpointStore(Path.Combine(output.CheckpointFolder, $"p{partition}"));
        _deadLetterFile = Path.Combine(output.RejectedFolder, $"late-p{partition}.jsonl");
        _restored = _store.LoadLatest(runKey, PartitionCheckpoint.Decode, c => c.RunKey);
        if (_restored is not null && _restored.Partition != partition)
            throw new CheckpointException($"{_store.Folder} holds a checkpoint of partition {_restored.Partition}");
        _sequence = _restored?.Sequence ?? 0;
        Processor = new PartitionProcessor(options);
        LateDropped = _restored?.LateDropped ?? 0;
    }

    public PartitionProcessor Processor { get; }

    public long LateDropped { get; private set; }

    /// <summary>Records processed by this worker (not counting what the restored checkpoint covered).</summary>
    public long Processed { get; private set; }

    /// <summary>The offset the worker resumed at, when it resumed from a checkpoint.</summary>
    public long? ResumedAt => _restored?.Offset;

    public void Run(CancellationToken cancellationToken)
    {
        if (_restored is not null)
            StateBytes.Load(_restored.State, Processor.Restore);
        long offset = _restored?.Offset ?? _log.StartOffset(_partition);
        Directory.CreateDirectory(Path.GetDirectoryName(_deadLetterFile)!);
        var file = new FileStream(_deadLetterFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        if (file.Length < (_restored?.DeadLetterBytes ?? 0))
            throw new CheckpointException($"{_deadLetterFile} is shorter than its checkpoint says; run with --from-scratch");
        file.SetLength(_restored?.DeadLetterBytes ?? 0);
        file.Seek(0, SeekOrigin.End);
        using var deadLetters = new DeadLetterWriter(file);
        using var reader = _log.OpenReader(_partition, offset);

        var batch = new LogReadBatch(_options.BatchSize);
        var events = new ShopEvent[_options.BatchSize];
        var watermarks = new long[_options.BatchSize];
        var pool = new StringPool();
        long disorder = _options.AllowedDisorder.Ticks;
        string source = $"log partition {_partition}";
        long since = _time.GetTimestamp(), eventsSince = 0;
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                var record = batch[i];
                LoggedEvent.Read(record.Payload, out events[i], out long streamMax, pool);
                watermarks[i] = streamMax - disorder;
                if (_options.Late.IsTooLate(events[i].EventTimeTicks, watermarks[i]))
                {
                    LateDropped++;
                    var raw = EventJson.ToUtf8(events[i]);
                    deadLetters.Reject(source, record.Offset, RejectReason.Late, raw, raw.Length);
                }
            }

            Processor.Process(events.AsSpan(0, n), watermarks.AsSpan(0, n));
            offset = batch.NextOffset;
            Processed += n;
            eventsSince += n;
            if (_policy is not null && _policy.IsDue(eventsSince, _time.GetElapsedTime(since)))
            {
                Checkpoint(offset, deadLetters);
                since = _time.GetTimestamp();
                eventsSince = 0;
            }
        }

        // A checkpoint at the end, before the partition is finished (which closes every open session): a later run
        // picks up here and goes on with whatever has been appended since.
        if (_policy is not null && (eventsSince > 0 || _restored is null))
            Checkpoint(offset, deadLetters);
        Processor.Finish();
    }

    private void Checkpoint(long offset, DeadLetterWriter deadLetters)
    {
        long deadLetterBytes = deadLetters.FlushToDisk();
        _store.Save(++_sequence, new PartitionCheckpoint
        {
            Sequence = _sequence,
            RunKey = _runKey,
            Partition = _partition,
            Offset = offset,
            LateDropped = LateDropped,
            DeadLetterBytes = deadLetterBytes,
            State = StateBytes.Of(Processor.Save),
        }.Encode());
        _log.Commit(_group, _partition, offset); // only once the checkpoint covering it is durable
    }
}
