using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Inventory;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;

namespace ShopStream.Cli;

/// <summary>
/// The main job, wired: inputs → reader (dead letters into the run folder) → stream pipeline → result files, and
/// the inventory input, if any, into a stock ledger. Constructing it resolves the inputs, locks the folder and finds
/// the checkpoint to resume from, and changes nothing in the folder, so a missing input, or a lake opened after it
/// that cannot be reached or written, fails with the earlier run's outputs as they were; <see cref="Start"/> then
/// clears what this run replaces. With a checkpoint policy the run writes checkpoints to the output folder as it
/// goes and, started again after a crash, resumes from the newest one; the checkpoints are removed once the results
/// are written.
/// </summary>
internal sealed class RunJob : IDisposable
{
    private readonly RunDirectory _output;
    private readonly PipelineOptions _options;
    private readonly IDisposable _runLock;
    private readonly IReadOnlyList<InputFile> _inputs;
    private readonly InputFormat? _format;
    private readonly IReadOnlyList<InputFile>? _inventory;
    private readonly CheckpointStore _store;
    private readonly CheckpointPolicy? _policy;
    private readonly string? _key;
    private RunCheckpoint? _restored; // null once StartOver discards it
    private readonly Action<EventBatch>? _observe;
    private readonly LivePipeline? _live;
    private DeadLetterWriter? _deadLetters;
    private EventReader? _reader;

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
        _inputs = InputFiles.Resolve(input, stdin);
        if (Directory.Exists(input) && (Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) == output.Path.TrimEnd(Path.DirectorySeparatorChar)
            || SameFolder.As(input, output.Path)))
            throw new InputException($"the output folder is the input folder '{input}': the next run would read its result files as input; choose another --out");
        InputFiles.CheckFormats(_inputs, format); // before the folder's summary.json goes
        _inventory = inventory is null ? null : InputFiles.Resolve(inventory);
        _format = format;
        _output = output;
        _options = options;
        _policy = checkpoints;
        _runLock = output.LockForRun(); // before anything in the folder is read or written
        try
        {
            _store = new CheckpointStore(output.CheckpointFolder);
            _key = checkpoints is null ? null : RunKey.Of(_inputs, format, options);
            if (_key is not null && !fromScratch)
            {
                _restored = _store.LoadLatest(_key);
            }
            else
            {
                // A file run's checkpoints that a run from standard input replaces: said, as any other input is refused.
                // A run without checkpoints (--no-checkpoint, demo) too: it discards a killed run's checkpoints as surely.
                CheckpointsDiscardedBy = !fromScratch && _store.Files().Count > 0 ? (checkpoints is null ? "a run without checkpoints (--no-checkpoint)" : "a run from a stream") : null;
            }

            CheckpointsOffForStdin = checkpoints is not null && _key is null;
        }
        catch
        {
            _runLock.Dispose(); // a run that could not start must not keep the folder locked (tests run many in one process)
            throw;
        }
    }

    /// <summary>
    /// Begins the run in its folder: removes the checkpoints and spill of a run it does not resume, opens the dead
    /// letters (emptied, or cut back to the checkpoint's length; the earlier run's summary.json goes) and the reader.
    /// Call once, after whatever else the run writes to (its lake, its store) was opened.
    /// </summary>
    public void Start()
    {
        if (_reader is not null)
            throw new InvalidOperationException("the run has started");
        if (_restored is null)
        {
            _store.Clear(); // not resuming: a stale checkpoint must not be picked up by a later run
            // A crashed run's spill, which no checkpoint now covers: deleted even when this run does not spill.
            if (Directory.Exists(_output.SpillFolder))
                Directory.Delete(_output.SpillFolder, recursive: true);
        }

        _deadLetters = _output.OpenDeadLetters(_restored?.DeadLetterBytes);
        _reader = new EventReader(_inputs, _format, _deadLetters, _options.BatchSize, _options.ParseThreads, _restored?.Position);
        if (_key is not null)
            Checkpoints = new StreamCheckpointer(_store, _policy!, _key, _deadLetters, _restored) { Metrics = _live?.Checkpoints };
    }

    /// <summary>Starts over instead of resuming from <see cref="Restored"/> (before <see cref="Start"/>): its checkpoints go as a new run's would.</summary>
    public void StartOver()
    {
        if (_reader is not null)
            throw new InvalidOperationException("the run has started");
        _restored = null;
    }

    /// <summary>The checkpoint this run resumes from (found when it was constructed), or null when it starts over.</summary>
    public RunCheckpoint? Restored => _restored;

    /// <summary>The inputs' total size when every input has one (files, not streams): sizes the lake's set of fingerprints.</summary>
    public long? InputBytes => InputFiles.TotalBytes(_inputs);

    /// <summary>What was wrong with a newer checkpoint that the resume passed over for an older one; null when none was.</summary>
    public string? PassedOverCheckpoint => _store.PassedOver;

    /// <summary>The run's checkpointing (what it resumed from, what it wrote), or null without checkpoints; set by <see cref="Start"/>.</summary>
    public StreamCheckpointer? Checkpoints { get; private set; }

    /// <summary>True when checkpoints were asked for but the input is a stream (standard input, a pipe), which cannot be read again.</summary>
    public bool CheckpointsOffForStdin { get; }

    /// <summary>
    /// What could not resume the earlier run's checkpoints this run found in the folder and deleted ("a run from a
    /// stream", "a run without checkpoints (--no-checkpoint)"); null when it found none, or resumes them.
    /// </summary>
    public string? CheckpointsDiscardedBy { get; }

    /// <summary>The reader, for progress (bytes and records read so far); once <see cref="Start"/>ed.</summary>
    public EventReader Reader => _reader ?? throw new InvalidOperationException("the run has not started (Start)");

    /// <summary>Inventory records read and rejected, and the stock ledger (when the run had an inventory input).</summary>
    public (long Read, long Rejected, InventoryLedger Ledger)? Inventory { get; private set; }

    /// <param name="resultRows">Also gets the rows of profiles.csv and sessions.csv as they are written (the data lake's gold), if given.</param>
    /// <param name="summaryLater">Leave summary.json to <see cref="RunDirectory.WriteSummary"/> (after the data lake's commits).</param>
    public RunResult Execute(IResultRowSink? resultRows = null, bool summaryLater = false, CancellationToken cancellationToken = default)
    {
        var deadLetters = _deadLetters ?? throw new InvalidOperationException("the run has not started (Start)");
        var result = StreamPipeline.Run(Reader, _options, Checkpoints, _observe, _live, cancellationToken);
        InventoryLedger? ledger = null;
        if (_inventory is not null)
        {
            ledger = new InventoryLedger(_options.Alerts.LowStockBelow);
            var (read, rejected) = InventoryReader.Read(_inventory, ledger, deadLetters);
            Inventory = (read, rejected, ledger);
        }

        deadLetters.FlushToDisk(); // on disk before the checkpoints that could restore them go
        deadLetters.Dispose();
        _output.WriteResults(result, ledger, resultRows, summaryLater);
        _store.Clear(); // the results are whole: a run started again now starts over
        return result;
    }

    public void Dispose()
    {
        try
        {
            _deadLetters?.Dispose();
        }
        finally
        {
            _runLock.Dispose();
        }
    }
}
