namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// Opens (creating if needed) the embedded event log in a folder, conventionally <c>&lt;out&gt;/log</c>:
/// <c>new FileEventLogBuilder(dir).WithOptions(new() { Fsync = FsyncPolicy.OnClose }).Build()</c>.
/// Opening recovers from a crash: see <see cref="FileEventLog"/>.
/// </summary>
public sealed class FileEventLogBuilder(string directory)
{
    private FileEventLogOptions _options = new();
    private TimeProvider _time = TimeProvider.System;

    public FileEventLogBuilder WithOptions(FileEventLogOptions options)
    {
        _options = options;
        return this;
    }

    /// <summary>The clock stamped on appended batches and used for retention by age.</summary>
    public FileEventLogBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        _time = timeProvider;
        return this;
    }

    /// <summary>True when <paramref name="directory"/> holds an event log (rather than being a folder a new log would be made in).</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, LogMetadata.FileName)) || LogMetadata.HoldsEventsWithout(directory); // opening it says what is wrong

    /// <summary>Whether no partition of the log in <paramref name="directory"/> holds a record (it may hold empty segments).</summary>
    public static bool HoldsNoRecords(string directory) =>
        !Directory.Exists(directory) || !Directory.EnumerateDirectories(directory).Any(Segment.AnyRecordsIn);

    public FileEventLog Build()
    {
        _options.Validate();
        return FileEventLog.Open(directory, _options, _time);
    }
}
