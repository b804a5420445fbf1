namespace ShopStream.Lake.Parquet;

/// <summary>
/// What the footer records of one encoded column chunk. Offsets are relative to the buffer the chunk was encoded
/// into, until <see cref="At"/> places it in the file.
/// </summary>
internal sealed record ColumnChunkMeta(
    ParquetColumn Column,
    long Start,
    long DataPageOffset,
    long? DictionaryPageOffset,
    long TotalCompressed,
    long TotalUncompressed,
    long Values,
    long NullCount,
    byte[]? Min,
    byte[]? Max,
    int Encoding,
    bool Compressed)
{
    public ColumnChunkMeta At(long fileOffset) => this with
    {
        Start = Start + fileOffset,
        DataPageOffset = DataPageOffset + fileOffset,
        DictionaryPageOffset = DictionaryPageOffset + fileOffset,
    };
}
