namespace ShopStream.Core.Ingest;

public enum RecordStatus
{
    /// <summary>A whole record (without its line terminator).</summary>
    Record,
    /// <summary>A record over the size limit: only its first bytes are returned, the rest was skipped unread into memory.</summary>
    TooLarge,
    End,
}
