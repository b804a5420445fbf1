namespace ShopStream.Core.Validation;

/// <summary>Receives every rejected record (the dead-letter output). Called on the reading thread.</summary>
public interface IRejectSink
{
    /// <param name="raw">Only valid during the call; copy what you keep.</param>
    void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength);
}
