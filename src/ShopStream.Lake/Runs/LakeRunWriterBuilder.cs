using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Runs;

/// <summary>Builds a <see cref="LakeRunWriter"/> (it owns a DuckDB database): <c>new LakeRunWriterBuilder(storage, staging).WithThreads(2).Build()</c>.</summary>
public sealed class LakeRunWriterBuilder(ILakeStorage storage, string stagingFolder)
{
    private LakeRunOptions _options = new() { StagingFolder = stagingFolder };

    public LakeRunWriterBuilder WithIngestTime(DateTime utc)
    {
        _options = _options with { IngestedAt = utc.ToUniversalTime() };
        return this;
    }

    public LakeRunWriterBuilder WithThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _options = _options with { Threads = threads };
        return this;
    }

    public LakeRunWriter Build() => new(storage, _options);
}
