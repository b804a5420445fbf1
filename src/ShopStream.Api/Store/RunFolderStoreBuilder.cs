namespace ShopStream.Api.Store;

/// <summary>Opens a <see cref="RunFolderStore"/> on a run's output folder: <c>new RunFolderStoreBuilder(dir).WithReloadInterval(TimeSpan.FromSeconds(2)).Build()</c>.</summary>
public sealed class RunFolderStoreBuilder(string directory)
{
    private TimeSpan _reloadInterval = TimeSpan.FromSeconds(2);
    private TimeProvider _time = TimeProvider.System;

    /// <summary>How often the folder is checked for a new run (a new <c>summary.json</c>).</summary>
    public RunFolderStoreBuilder WithReloadInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _reloadInterval = interval;
        return this;
    }

    public RunFolderStoreBuilder WithTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public RunFolderStore Build() => new(directory, _reloadInterval, _time);
}
