using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>What the reader saw: every record read is either accepted or rejected with one reason.</summary>
public sealed class ReadCounters
{
    private long _read;
    private readonly long[] _rejected = new long[RejectReasons.ArrayLength];

    /// <summary>Records read (headers and blank lines are not records). Safe to read from another thread for progress.</summary>
    public long Read => Volatile.Read(ref _read);

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public long RejectedFor(RejectReason reason) => _rejected[(int)reason];

    /// <summary>A copy of the rejection counts, indexed by <see cref="RejectReason"/>.</summary>
    public long[] RejectedByReason() => (long[])_rejected.Clone();

    /// <summary>Starts from counts saved before an interruption (a resumed ingest).</summary>
    internal void Restore(long accepted, ReadOnlySpan<long> rejectedByReason)
    {
        rejectedByReason.CopyTo(_rejected);
        Accepted = accepted;
        Rejected = 0;
        foreach (long n in rejectedByReason)
            Rejected += n;
        Volatile.Write(ref _read, Accepted + Rejected);
    }

    /// <summary>
    /// Counts as rejected, by reason, records counted as accepted that a processor then refused (another producer's
    /// records in a Kafka topic, which no ingest validated): read stays as it was.
    /// </summary>
    internal void Refused(ReadOnlySpan<long> byReason)
    {
        for (int i = 0; i < byReason.Length; i++)
        {
            Accepted -= byReason[i];
            Rejected += byReason[i];
            _rejected[i] += byReason[i];
        }
    }

    internal void CountAccepted(int count)
    {
        Volatile.Write(ref _read, _read + count);
        Accepted += count;
    }

    internal void CountRejected(RejectReason reason)
    {
        Volatile.Write(ref _read, _read + 1);
        Rejected++;
        _rejected[(int)reason]++;
    }
}
