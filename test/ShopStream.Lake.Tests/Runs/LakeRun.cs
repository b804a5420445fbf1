using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.Runs;
using ShopStream.Lake.Storage;
using ShopStream.Tests;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>Runs the real pipeline on an input with the lake writer as its observer, as <c>shopstream run</c> does, into a temp folder.</summary>
public sealed class LakeRun : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <param name="configure">Changes the writer's settings (rows per bronze file, queue size) from the defaults.</param>
    public LakeRun(string input, PipelineOptions? options = null, ILakeStorage? storage = null, Func<LakeRunWriterBuilder, LakeRunWriterBuilder>? configure = null)
    {
        try
        {
            (Output, Storage, Result, Tables, QueueWaits) = Run(input, options ?? new PipelineOptions(), storage, configure);
        }
        catch
        {
            _folder.Dispose(); // a run a test makes fail leaves no folder behind
            throw;
        }
    }

    public RunDirectory Output { get; }

    public string LakeRoot => _folder.File("lake");

    public string Folder => _folder.Path;

    public ILakeStorage Storage { get; }

    public RunResult Result { get; }

    public IReadOnlyList<LakeTableReport> Tables { get; }

    /// <summary>How often the reader waited for the lake's writer thread.</summary>
    public long QueueWaits { get; }

    public void Dispose() => _folder.Dispose();

    private (RunDirectory, ILakeStorage, RunResult, IReadOnlyList<LakeTableReport>, long) Run(
        string input, PipelineOptions options, ILakeStorage? storage, Func<LakeRunWriterBuilder, LakeRunWriterBuilder>? configure)
    {
        var output = new RunDirectory(_folder.File("run"));
        Directory.CreateDirectory(output.Path);
        storage ??= new LocalLakeStorage(LakeRoot);
        var inputs = InputFiles.Resolve(input);
        var builder = new LakeRunWriterBuilder(storage, _folder.File("staging")).WithInputBytes(inputs.Sum(i => i.Length ?? 0)).ForPipeline(options);
        using var writer = (configure?.Invoke(builder) ?? builder).Build();
        RunResult result;
        using (var deadLetters = output.OpenDeadLetters())
        {
            var reader = new EventReader(inputs, null, deadLetters, options.BatchSize, options.ParseThreads);
            result = StreamPipeline.Run(reader, options, checkpoints: null, observe: writer.Observe);
        }

        output.WriteResults(result, rows: writer.Gold);
        var tables = writer.FinishAsync(result, output.RejectedFile).GetAwaiter().GetResult();
        return (output, storage, result, tables, writer.QueueWaits);
    }
}
