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
        options ??= new PipelineOptions();
        Output = new RunDirectory(_folder.File("run"));
        Directory.CreateDirectory(Output.Path);
        Storage = storage ?? new LocalLakeStorage(LakeRoot);
        var inputs = InputFiles.Resolve(input);
        var builder = new LakeRunWriterBuilder(Storage, _folder.File("staging")).WithInputBytes(inputs.Sum(i => i.Length ?? 0)).ForPipeline(options);
        using var writer = (configure?.Invoke(builder) ?? builder).Build();
        RunResult result;
        using (var deadLetters = Output.OpenDeadLetters())
        {
            var reader = new EventReader(inputs, null, deadLetters, options.BatchSize, options.ParseThreads);
            result = StreamPipeline.Run(reader, options, checkpoints: null, observe: writer.Observe);
        }

        Output.WriteResults(result, rows: writer.Gold);
        Result = result;
        Tables = writer.FinishAsync(result, Output.RejectedFile).GetAwaiter().GetResult();
        QueueWaits = writer.QueueWaits;
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
}
