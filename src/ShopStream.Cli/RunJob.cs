using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Inventory;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;

namespace ShopStream.Cli;

/// <summary>
/// The main job, wired: inputs → reader (dead letters into the run folder) → stream pipeline → result files, and
/// the inventory input, if any, into a stock ledger. Constructing it resolves the inputs first, so a missing input
/// fails before anything is written. With a checkpoint policy the run writes checkpoints to the output folder as
/// it goes and, started again after a crash, resumes from the newest one; the checkpoints are removed once the
/// results are written.
/// </summary>
internal sealed class RunJob : IDisposable
{
    private readonly RunDirectory _output;
    private readonly PipelineOptions _options;
    private readonly IDisposable _runLock;
    private readonly DeadLetterWriter _deadLetters;
    private readonly IReadOnlyList<InputFile>? _inventory;
    private readonly CheckpointStore _store;
    private readonly Action<EventBatch>? _observe;
    private readonly LivePipeline? _live;

    /// <param name="checkpoints">When to checkpoint; null for none (a crashed run then starts over).</param>
    /// <param name="fromScratch">Discard the folder's checkpoints instead of resuming from them.</param>
    /// <param name="observe">Sees every batch of accepted events as read (the data lake's rows), if given.</param>
    /// <param name="live">Where the partitions' state is published for serving it live (<c>--serve</c>), if anywhere.</param>
    public RunJob(
        string input, InputFormat? format, RunDirectory output, PipelineOptions options, Func<Stream>? stdin = null, string? inventory = null,
        CheckpointPolicy? checkpoints = null, bool fromScratch = false, Action<EventBatch>? observe = null, LivePipeline? live = null)
    {
        _observe = observe;
        _live = live;
        options.Validate();
        var inputs = InputFiles.Resolve(input, stdin);
        if (Directory.Exists(input) && Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) == output.Path.TrimEnd(Path.DirectorySeparatorChar))
            throw new InputException($"the output folder is the input folder '{input}': the next run would read its result files as input; choose another --out");
        _inventory = inventory is null ? null : InputFiles.Resolve(inventory);
        _output = output;
        _options = options;
        _runLock = output.LockForRun(); // before anything in the folder is read or written
        try
        {
            _store = new CheckpointStore(output.CheckpointFolder);
            string? key = checkpoints is null ? null : RunKey.Of(inputs, format, options);
            RunCheckpoint? restored = null;
            if (key is not null && !fromScratch)
            {
                restored = _store.LoadLatest(key);
            }
            else
            {
                // A file run's checkpoints that a run from standard input replaces: said, as any other input is refused.
                // A run without checkpoints (--no-checkpoint, demo) too: it discards a killed run's checkpoints as surely.
                CheckpointsDiscardedBy = !fromScratch && _store.Files().Count > 0 ? (checkpoints is null ? "a run without checkpoints (--no-checkpoint)" : "a run from a stream") : null;
                _store.Clear(); // not resuming: a stale checkpoint must not be picked up by a later run
            }
            // A crashed run's spill, which no checkpoint now covers: deleted even when this run does not spill.
            if (restored is null && Directory.Exists(output.SpillFolder))
                Directory.Delete(output.SpillFolder, recursive: true);
            CheckpointsOffForStdin = checkpoints is not null && key is null;

            _deadLetters = output.OpenDeadLetters(restored?.DeadLetterBytes);
            Reader = new EventReader(inputs, format, _deadLetters, options.BatchSize, options.ParseThreads, restored?.Position);
            if (key is not null)
                Checkpoints = new StreamCheckpointer(_store, checkpoints!, key, _deadLetters, restored) { Metrics = live?.Checkpoints };
        }
        catch
        {
            _deadLetters?.Dispose();
            _runLock.Dispose(); // a run that could not start must not keep the folder locked (tests run many in one process)
            throw;
        }
    }

    /// <summary>What was wrong with a newer checkpoint that the resume passed over for an older one; null when none was.</summary>
    public string? PassedOverCheckpoint => _store.PassedOver;

    /// <summary>The run's checkpointing (what it resumed from, what it wrote), or null without checkpoints.</summary>
    public StreamCheckpointer? Checkpoints { get; }

    /// <summary>True when checkpoints were asked for but the input is a stream (standard input, a pipe), which cannot be read again.</summary>
    public bool CheckpointsOffForStdin { get; }

    /// <summary>
    /// What could not resume the earlier run's checkpoints this run found in the folder and deleted ("a run from a
    /// stream", "a run without checkpoints (--no-checkpoint)"); null when it found none, or resumes them.
    /// </summary>
    public string? CheckpointsDiscardedBy { get; }

    /// <summary>The reader, for progress (bytes and records read so far).</summary>
    public EventReader Reader { get; }

    /// <summary>Inventory records read and rejected, and the stock ledger (when the run had an inventory input).</summary>
    public (long Read, long Rejected, InventoryLedger Ledger)? Inventory { get; private set; }

    /// <param name="resultRows">Also gets the rows of profiles.csv and sessions.csv as they are written (the data lake's gold), if given.</param>
    /// <param name="summaryLater">Leave summary.json to <see cref="RunDirectory.WriteSummary"/> (after the data lake's commits).</param>
    public RunResult Execute(IResultRowSink? resultRows = null, bool summaryLater = false, CancellationToken cancellationToken = default)
    {
        var result = StreamPipeline.Run(Reader, _options, Checkpoints, _observe, _live, cancellationToken);
        InventoryLedger? ledger = null;
        if (_inventory is not null)
        {
            ledger = new InventoryLedger(_options.Alerts.LowStockBelow);
            var (read, rejected) = InventoryReader.Read(_inventory, ledger, _deadLetters);
            Inventory = (read, rejected, ledger);
        }

        _deadLetters.FlushToDisk(); // on disk before the checkpoints that could restore them go
        _deadLetters.Dispose();
        _output.WriteResults(result, ledger, resultRows, summaryLater);
        _store.Clear(); // the results are whole: a run started again now starts over
        return result;
    }

    public void Dispose()
    {
        try
        {
            _deadLetters.Dispose();
        }
        finally
        {
            _runLock.Dispose();
        }
    }
}
