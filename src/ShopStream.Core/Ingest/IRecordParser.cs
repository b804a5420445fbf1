using ShopStream.Core.Events;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>Turns one raw record (valid UTF-8, without line terminator) into a canonical event, or says why not.</summary>
public interface IRecordParser
{
    InputFormat Format { get; }

    /// <summary>Fills <paramref name="e"/> (every field, fingerprint included) or returns the rejection reason.</summary>
    RejectReason Parse(ReadOnlySpan<byte> record, ref ShopEvent e);
}
