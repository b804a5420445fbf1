namespace ShopStream.Core.Log;

/// <summary>
/// Log data that cannot be read as what it claims to be: an unknown format version, a file that is not part of
/// a log, or a checksum that does not match where the data cannot have been torn by a crash. The message names
/// the file (or payload) and says what is wrong; nothing is guessed.
/// </summary>
public sealed class LogFormatException : Exception
{
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
