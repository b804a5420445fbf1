namespace ShopStream.Lake.Parquet;

/// <summary>The Parquet <c>Encoding</c> values this writer uses (parquet.thrift).</summary>
internal static class ParquetEncodings
{
    /// <summary>Values as they lie (strings length-prefixed, booleans as bits); also every dictionary page.</summary>
    public const int Plain = 0;

    /// <summary>The RLE / bit-packing hybrid: definition levels.</summary>
    public const int Rle = 3;

    /// <summary>Integers as bit-packed deltas from the previous value (<see cref="DeltaBinaryPacked"/>).</summary>
    public const int DeltaBinaryPacked = 5;

    /// <summary>Indices into the chunk's dictionary page, RLE / bit-packed.</summary>
    public const int RleDictionary = 8;
}
