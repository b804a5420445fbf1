namespace ShopStream.Core.Log;

/// <summary>
/// Log data that cannot be read as what it claims to be: an unknown format version, a file that is not part of
/// a log, or a checksum that does not match where the data cannot have been torn by a crash. The message names
/// the file (or payload) and says what is wrong; nothing is guessed.
/// </summary>
public sealed class LogFormatException : Exception
{
    /// <summary>
    /// SPEC's reason a record refused for this counts under, where one is (a Kafka consumer's dead letter of another
    /// producer's record: a negative price is <c>price</c>, as <c>run</c> says); json for anything that is no event.
    /// </summary>
    public Validation.RejectReason Reason { get; init; } = Validation.RejectReason.Json;

    /// <summary>The data is of a format version this build does not read (a newer build's): not damaged.</summary>
    public bool OtherVersion { get; init; }

    public LogFormatException(string message)
        : base(message)
    {
    }

    public LogFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LogFormatException()
    {
    }
}
