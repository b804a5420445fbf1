using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Cli;

/// <summary>
/// The main job, wired: inputs → reader (dead letters into the run folder) → stream pipeline → result files.
/// Constructing it resolves the inputs first, so a missing input fails before anything is written.
/// </summary>
internal sealed class RunJob : IDisposable
{
    private readonly RunDirectory _output;
    private readonly PipelineOptions _options;
    private readonly DeadLetterWriter _deadLetters;

    public RunJob(string input, InputFormat? format, RunDirectory output, PipelineOptions options, Func<Stream>? stdin = null)
    {
        options.Validate();
        var inputs = InputFiles.Resolve(input, stdin);
        _output = output;
        _options = options;
        Directory.CreateDirectory(output.Path);
        _deadLetters = output.OpenDeadLetters();
        Reader = new EventReader(inputs, format, _deadLetters, options.BatchSize, options.ParseThreads);
    }

    /// <summary>The reader, for progress (bytes and records read so far).</summary>
    public EventReader Reader { get; }

    public RunResult Execute(CancellationToken cancellationToken = default)
    {
        var result = StreamPipeline.Run(Reader, _options, cancellationToken);
        _deadLetters.Dispose();
        _output.WriteResults(result);
        return result;
    }

    public void Dispose() => _deadLetters.Dispose();
}
