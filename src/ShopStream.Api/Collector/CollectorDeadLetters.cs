using ShopStream.Core.Log;
using ShopStream.Core.Output;

namespace ShopStream.Api.Collector;

/// <summary>
/// The collector's dead-letter file (<see cref="CollectorRejects"/>): each event it rejects, with its reason and raw
/// text, appended by the collector's writer task after the request's valid events are in the log, and handed to the
/// system before the request is answered, so a rejected event is kept, as SPEC asks of every source, and
/// <c>process</c> counts it. It survives restarts (appended to, never emptied).
/// </summary>
public sealed class CollectorDeadLetters : IDisposable
{
    // What a dead letter keeps of an event over the size limit, as the file reader keeps of a record.
    private const int KeptOfTooLarge = 1024;

    // Written by the collector's writer task alone, and disposed after it ends (EventCollector): no lock.
    private readonly DeadLetterWriter _writer;

    public CollectorDeadLetters(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            // A line a crash cut short must not run into the next one: both would count as one record.
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                bool whole = file.ReadByte() == '\n';
                file.Seek(0, SeekOrigin.End);
                if (!whole)
                    file.WriteByte((byte)'\n');
            }

            _writer = new DeadLetterWriter(file, ownsOutput: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>Writes the rejected events of one request (their place in it, 1-based, as the line) and flushes them.</summary>
    internal void Write(IReadOnlyList<RejectedEvent> rejected)
    {
        if (rejected.Count == 0)
            return;
        foreach (var r in rejected)
            _writer.Reject(CollectorRejects.Source, r.Index + 1, r.Reason, r.Raw, r.Length);
        _writer.Flush();
    }

    /// <summary>What a dead letter keeps of <paramref name="record"/>: all of it, or the first KiB of one over the limit.</summary>
    internal static byte[] Kept(ReadOnlySpan<byte> record, Core.Validation.RejectReason reason) =>
        (reason == Core.Validation.RejectReason.TooLarge && record.Length > KeptOfTooLarge ? record[..KeptOfTooLarge] : record).ToArray();

    public void Dispose() => _writer.Dispose();
}

/// <summary>An event the collector rejected: its place in the request (0-based), why, and its raw bytes (<see cref="Length"/> in all).</summary>
internal readonly record struct RejectedEvent(int Index, Core.Validation.RejectReason Reason, byte[] Raw, long Length);
