using ShopStream.Generator;

namespace ShopStream.Cli.Commands;

/// <summary>
/// The <c>--stats</c> and <c>--inventory</c> files of a <c>generate</c> whose <c>--to</c> is not a file (log:DIR, the
/// collector, Kafka): opened before anything is generated, so that a bad path fails at once and none is emptied
/// unless both open, and the stats written once the traffic is. Standard output (-) is free for either, as those
/// targets do not write there.
/// </summary>
internal sealed class GenerateSideOutputs : IDisposable
{
    private readonly Stream? _stats;

    private GenerateSideOutputs(Stream? stats, Stream? inventory)
    {
        _stats = stats;
        Inventory = inventory;
    }

    /// <summary>Where the stock changes go (null: nowhere).</summary>
    public Stream? Inventory { get; }

    /// <exception cref="ArgumentException">A path that cannot be written, or both naming one file.</exception>
    public static GenerateSideOutputs Open(string? statsPath, string? inventoryPath)
    {
        GenerateCommand.SeparateOutputs(("--stats", statsPath), ("--inventory", inventoryPath));
        var files = new GenerateCommand.OutputFiles();
        try
        {
            var stats = statsPath is null ? null : statsPath == "-" ? StandardOutput.Open() : files.Open(statsPath);
            var inventory = inventoryPath is null ? null : inventoryPath == "-" ? StandardOutput.Open() : files.Open(inventoryPath);
            files.Truncate();
            return new GenerateSideOutputs(stats, inventory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            files.Abandon();
            throw new ArgumentException($"cannot write: {ex.Message}", ex);
        }
    }

    public void WriteStats(GeneratorStats stats)
    {
        if (_stats is not null)
            stats.WriteJson(_stats);
    }

    public void Dispose()
    {
        _stats?.Dispose();
        Inventory?.Dispose();
    }
}
