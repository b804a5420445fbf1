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
    private RunFolderStore? _finished;

    private LiveServing(ShopStreamServer server, ServingHandover handover, LivePipeline pipeline)
    {
        _server = server;
        _handover = handover;
        Pipeline = pipeline;
    }

    public LivePipeline Pipeline { get; }

    /// <param name="mode">What runs: <c>run</c> or <c>process</c>.</param>
    public static LiveServing Start(ServeOptions options, TimeSpan queryTimeout, string mode)
    {
        Directory.CreateDirectory(options.OutDirectory);
        var pipeline = new LivePipeline(mode, queryTimeout);
        var store = new LiveServingStore(pipeline);
        var handover = new ServingHandover(store, new LiveRunAnalytics(store));
        var server = new ShopStreamServerBuilder(options).WithStore(handover, handover).WithLive(pipeline).Build();
        try
        {
            server.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        Console.Error.WriteLine($"shopstream: serving the live state of {mode} on {string.Join(", ", server.Addresses)}");
        return new LiveServing(server, handover, pipeline);
    }

    /// <summary>From now on answers come from the finished results in <paramref name="outputPath"/>; says so on stderr.</summary>
    public void ServeFinished(string outputPath)
    {
        _finished = new RunFolderStoreBuilder(outputPath).Build();
        _handover.SwitchTo(_finished, _finished);
        Console.Error.WriteLine($"shopstream: {Pipeline.Mode} finished: serving its results from {Path.GetFullPath(outputPath)} on {string.Join(", ", _server.Addresses)} until Ctrl+C");
    }

    /// <summary>Blocks until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>.</summary>
    public static void WaitForStop(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            stop.Token.WaitHandle.WaitOne();
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _finished?.Dispose();
    }
}
