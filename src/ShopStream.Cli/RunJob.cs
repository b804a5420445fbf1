using ShopStream.Core.Ingest;
using ShopStream.Core.Inventory;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Cli;

/// <summary>
/// The main job, wired: inputs → reader (dead letters into the run folder) → stream pipeline → result files, and
/// the inventory input, if any, into a stock ledger. Constructing it resolves the inputs first, so a missing input
/// fails before anything is written.
/// </summary>
internal sealed class RunJob : IDisposable
{
    private readonly RunDirectory _output;
    private readonly PipelineOptions _options;
    private readonly DeadLetterWriter _deadLetters;
    private readonly IReadOnlyList<InputFile>? _inventory;
    private readonly Action<EventBatch>? _observe;

    /// <param name="observe">Sees every batch of accepted events as read (the data lake's bronze rows), if given.</param>
    public RunJob(string input, InputFormat? format, RunDirectory output, PipelineOptions options, Func<Stream>? stdin = null, string? inventory = null, Action<EventBatch>? observe = null)
    {
        _observe = observe;
        options.Validate();
        var inputs = InputFiles.Resolve(input, stdin);
        _inventory = inventory is null ? null : InputFiles.Resolve(inventory);
        _output = output;
        _options = options;
        Directory.CreateDirectory(output.Path);
        _deadLetters = output.OpenDeadLetters();
        Reader = new EventReader(inputs, format, _deadLetters, options.BatchSize, options.ParseThreads);
    }

    /// <summary>The reader, for progress (bytes and records read so far).</summary>
    public EventReader Reader { get; }

    /// <summary>Inventory records read and rejected, and the stock ledger (when the run had an inventory input).</summary>
    public (long Read, long Rejected, InventoryLedger Ledger)? Inventory { get; private set; }

    public RunResult Execute(CancellationToken cancellationToken = default)
    {
        var result = StreamPipeline.Run(Reader, _options, _observe, cancellationToken);
        InventoryLedger? ledger = null;
        if (_inventory is not null)
        {
            ledger = new InventoryLedger(_options.Alerts.LowStockBelow);
            var (read, rejected) = InventoryReader.Read(_inventory, ledger, _deadLetters);
            Inventory = (read, rejected, ledger);
        }

        _deadLetters.Dispose();
        _output.WriteResults(result, ledger);
        return result;
    }

    public void Dispose() => _deadLetters.Dispose();
}
