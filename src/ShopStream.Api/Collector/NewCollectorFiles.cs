using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Api.Collector;

/// <summary>
/// What a collector is about to make and was not there before: its folder (<c>run --serve</c> into a new <c>OUT</c>),
/// the embedded log, the dead-letter folder and file. A server that never starts (its port taken, its log held by
/// another process) removes them, so that the folder is left as it was found, or not there.
/// </summary>
internal sealed class NewCollectorFiles
{
    private readonly List<string> _absent; // parents first

    /// <param name="embeddedLog">False when the collector appends to a log it is given (a Kafka topic).</param>
    public NewCollectorFiles(string logDirectory, bool embeddedLog)
    {
        string rejects = CollectorRejects.PathBeside(logDirectory);
        string rejected = Path.GetDirectoryName(rejects)!;
        _absent = new[] { Path.GetDirectoryName(rejected), embeddedLog ? logDirectory : null, rejected, rejects }
            .OfType<string>()
            .Where(p => !Path.Exists(p))
            .ToList();
    }

    /// <summary>
    /// Removes what was made of them, as long as it holds nothing: an empty dead-letter file, a log whose partitions
    /// hold no record (empty segments), an empty folder. Call it while the collector still holds the log's lock, so
    /// that no other process can have opened it since. Best effort: a leftover is harmless, and the error that stopped
    /// the server is the one to report.
    /// </summary>
    public void Remove()
    {
        try
        {
            foreach (string path in Enumerable.Reverse(_absent))
            {
                if (File.Exists(path))
                {
                    if (new FileInfo(path).Length == 0)
                        File.Delete(path);
                }
                else if (Directory.Exists(path) && (!Directory.EnumerateFileSystemEntries(path).Any() || (FileEventLogBuilder.Exists(path) && FileEventLogBuilder.HoldsNoRecords(path))))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left as it is.
        }
    }
}
