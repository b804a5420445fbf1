namespace ShopStream.Core.Validation;

/// <summary>
/// A dead-letter record: where it came from, the raw bytes, and why it was rejected.
/// <paramref name="Raw"/> is the record verbatim, or its first bytes when <paramref name="RawLength"/> is larger
/// (records over the size limit are never held whole in memory).
/// </summary>
public sealed record RejectedRecord(string Source, long Line, RejectReason Reason, ReadOnlyMemory<byte> Raw, long RawLength)
{
    public bool IsTruncated => RawLength > Raw.Length;
}
