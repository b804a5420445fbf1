namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The embedded log's folder was removed or replaced while the log was open (<see cref="FileEventLog.RequireInPlace"/>):
/// what was appended since is in files no path reaches. An <see cref="IOException"/>, as the disk failing is.
/// </summary>
public sealed class LogFolderGoneException(string directory)
    : IOException($"the event log's folder '{directory}' was removed, moved or replaced while this process had the log open: events appended since may be lost with it, and none is taken now; run again to open the log that is there now")
{
    public string Directory { get; } = directory;
}
