using System.Runtime.InteropServices;
using ShopStream.Api;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>--serve</c> of <c>run</c> and <c>process</c>: the server is started before the pipeline (so its meters see every
/// checkpoint) and answers from the pipeline's live state; once the results are written it answers from them (the
/// output folder) until Ctrl+C or SIGTERM.
/// </summary>
internal sealed class LiveServing : IDisposable
{
    private readonly ShopStreamServer _server;
    private readonly ServingHandover _handover;
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _signals;
    private volatile bool _processingDone;
    private RunFolderStore? _finished;

    private LiveServing(ShopStreamServer server, ServingHandover handover, LivePipeline pipeline)
    {
        _server = server;
        _handover = handover;
        Pipeline = pipeline;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public LivePipeline Pipeline { get; }

    /// <param name="mode">What runs: <c>run</c> or <c>process</c>.</param>
    /// <param name="collectorLog">Where the collector appends (the Kafka topic of a processor instance); null: <c>OUT/log</c>.</param>
    public static LiveServing Start(ServeOptions options, TimeSpan queryTimeout, string mode, Core.Log.IEventLog? collectorLog = null)
    {
        var pipeline = new LivePipeline(mode, queryTimeout);
        var store = new LiveServingStore(pipeline);
        var handover = new ServingHandover(store, new LiveRunAnalytics(store));
        var builder = new ShopStreamServerBuilder(options).WithStore(handover, handover).WithLive(pipeline);
        ShopStreamServer? server = null;
        try
        {
            server = (collectorLog is null ? builder : builder.WithCollectorLog(collectorLog)).Build();
            server.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            // It removes what it made (the port was taken, say): a new OUT, the log and dead-letter file.
            server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        Console.Error.WriteLine($"shopstream: serving the live state of {mode} on {string.Join(", ", server.Addresses)}");
        return new LiveServing(server, handover, pipeline);
    }

    /// <summary>From now on answers come from the finished results in <paramref name="outputPath"/>; says so on stderr.</summary>
    public void ServeFinished(string outputPath)
    {
        _processingDone = true; // a signal from now on stops serving (before: it stops the process, as without --serve)
        _finished = new RunFolderStoreBuilder(outputPath).Build();
        _handover.SwitchTo(_finished, _finished);
        Console.Error.WriteLine($"shopstream: {Pipeline.Mode} finished: serving its results from {Path.GetFullPath(outputPath)} on {string.Join(", ", _server.Addresses)} until Ctrl+C");
    }

    /// <summary>Blocks until Ctrl+C or SIGTERM (after <see cref="ServeFinished"/>).</summary>
    public void WaitForStop() => _stop.Token.WaitHandle.WaitOne();

    public void Dispose()
    {
        foreach (var signal in _signals)
            signal.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _finished?.Dispose();
        _stop.Dispose();
    }

    // While processing, a signal keeps its usual meaning (the process ends; a checkpointed run resumes later); once the
    // results are served, it ends serving and the command exits 0.
    private void OnSignal(PosixSignalContext context)
    {
        if (!_processingDone)
            return;
        context.Cancel = true;
        _stop.Cancel();
    }
}
