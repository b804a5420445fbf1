using ShopStream.Core.Processing;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Runs;

/// <summary>Builds a <see cref="LakeRunWriter"/>: <c>new LakeRunWriterBuilder(storage, staging).WithRowsPerFile(1 &lt;&lt; 16).Build()</c>.</summary>
public sealed class LakeRunWriterBuilder(ILakeStorage storage, string stagingFolder)
{
    private LakeRunOptions _options = new() { StagingFolder = stagingFolder };

    public LakeRunWriterBuilder WithIngestTime(DateTime utc)
    {
        _options = _options with { IngestedAt = utc.ToUniversalTime() };
        return this;
    }

    /// <summary>Events per bronze file (the writer stages this many before writing a file).</summary>
    public LakeRunWriterBuilder WithRowsPerFile(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _options = _options with { RowsPerFile = rows };
        return this;
    }

    /// <summary>Batches that may be queued for the writer thread before the reader waits.</summary>
    public LakeRunWriterBuilder WithQueueBlocks(int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        _options = _options with { QueueBlocks = blocks };
        return this;
    }

    /// <summary>The run's input size, if known (<see cref="LakeRunOptions.InputBytes"/>).</summary>
    public LakeRunWriterBuilder WithInputBytes(long? bytes)
    {
        if (bytes < 0)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "an input size is not negative");
        _options = _options with { InputBytes = bytes };
        return this;
    }

    /// <summary>The run's settings that decide which events are duplicates (its dedup horizon and allowed disorder): silver leaves out those the run counts.</summary>
    public LakeRunWriterBuilder ForPipeline(PipelineOptions pipeline)
    {
        _options = _options with { DedupHorizon = pipeline.DedupHorizon, AllowedDisorder = pipeline.AllowedDisorder };
        return this;
    }

    public LakeRunWriter Build() => new(storage, _options);
}
