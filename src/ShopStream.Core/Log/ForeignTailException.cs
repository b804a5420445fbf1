namespace ShopStream.Core.Log;

/// <summary>
/// A partition whose last record another producer appended, so it carries no ingest position: an ingest cannot
/// resume into it, while processing counts its records as they are.
/// </summary>
public sealed class ForeignTailException(string message) : IOException(message);
