namespace ShopStream.Core.Log.Embedded;

/// <summary>Waking readers that wait for new records (<see cref="ILogReader.WaitToReadAsync"/>).</summary>
internal sealed partial class LogPartition
{
    private readonly Lock _signalLock = new();
    private TaskCompletionSource<bool>? _appended;
    private bool _signalClosed;

    /// <summary>
    /// Completes with true at the next append, false when the partition closes. Check <see cref="EndOffset"/> after
    /// calling this: an append between your check and this call would otherwise go unnoticed.
    /// </summary>
    public Task<bool> NextAppendAsync()
    {
        lock (_signalLock)
        {
            return _signalClosed
                ? Task.FromResult(false)
                : (_appended ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    // Taken on every append (an uncontended lock per batch): the lock orders the end offset's publication against a
    // waiter's registration, which plain volatile accesses would not (a store-load pair may be reordered).
    private void SignalAppended()
    {
        TaskCompletionSource<bool>? appended;
        lock (_signalLock)
        {
            appended = _appended;
            _appended = null;
        }

        appended?.TrySetResult(true);
    }

    private void SignalClosed()
    {
        TaskCompletionSource<bool>? appended;
        lock (_signalLock)
        {
            _signalClosed = true;
            appended = _appended;
            _appended = null;
        }

        appended?.TrySetResult(false);
    }
}
