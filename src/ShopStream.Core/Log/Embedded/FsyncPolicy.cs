namespace ShopStream.Core.Log.Embedded;

/// <summary>When the embedded log forces appended data to disk. Whatever the policy, a crash of the process loses nothing
/// that was appended (it is in the OS page cache); the policy decides what a power cut or kernel crash can lose.</summary>
public enum FsyncPolicy
{
    /// <summary>Every batch is on disk before its append returns: nothing acknowledged is ever lost. For the collector.</summary>
    Always,

    /// <summary>
    /// Segments are fsynced when sealed (rolled), and everything on <see cref="FileEventLog.Flush"/> and on close: a
    /// power cut loses at most the unflushed tail of the last segment, cleanly (recovery truncates it, and the
    /// source positions stored with the batches say where to resume). For bulk file imports.
    /// </summary>
    OnClose,

    /// <summary>
    /// Never fsync (neither segments nor committed offsets), except on an explicit <see cref="FileEventLog.Flush"/>.
    /// For tests, benchmarks and scratch logs: after a power cut even a sealed segment may be torn, and the log then
    /// refuses to open rather than silently dropping the records after the tear.
    /// </summary>
    Never,
}
