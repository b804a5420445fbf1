namespace ShopStream.Lake.Parquet;

/// <summary>
/// Writes a column chunk's pages (a header in Thrift, then the zstd-compressed body) and holds the scratch buffers
/// the columns build page bodies in; one per writer, reused for every chunk.
/// </summary>
internal sealed class PageEncoder(int compressionLevel) : IDisposable
{
    private const int DataPage = 0;
    private const int DictionaryPage = 2;

    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly ByteBuffer _header = new(64);
    private readonly Zstd _zstd = new(compressionLevel);

    /// <summary>Where a column builds a page body before <see cref="WriteDataPage"/> or <see cref="WriteDictionaryPage"/>.</summary>
    public ByteBuffer Body { get; } = new(1 << 16);

    /// <summary>Bytes of page headers and compressed bodies written since the chunk began.</summary>
    public long Compressed { get; private set; }

    /// <summary>Bytes of page headers and uncompressed bodies since the chunk began.</summary>
    public long Uncompressed { get; private set; }

    public void BeginChunk()
    {
        Compressed = 0;
        Uncompressed = 0;
    }

    /// <summary>Writes <see cref="Body"/> as the chunk's dictionary page of <paramref name="entries"/> PLAIN values.</summary>
    public void WriteDictionaryPage(ByteBuffer output, int entries) => WritePage(output, DictionaryPage, entries, ParquetEncodings.Plain);

    /// <summary>Writes <see cref="Body"/> (definition levels, then values) as a v1 data page of <paramref name="values"/> rows.</summary>
    public void WriteDataPage(ByteBuffer output, int values, int encoding) => WritePage(output, DataPage, values, encoding);

    public void Dispose() => _zstd.Dispose();

    private void WritePage(ByteBuffer output, int type, int values, int encoding)
    {
        _compressed.Clear();
        int compressed = _zstd.Compress(Body.Written, _compressed);
        _header.Clear();
        var thrift = new ThriftCompactWriter(_header);
        thrift.PushStruct();
        thrift.I32Field(1, type);
        thrift.I32Field(2, Body.Length);
        thrift.I32Field(3, compressed);
        if (type == DataPage)
        {
            thrift.BeginStruct(5);
            thrift.I32Field(1, values);
            thrift.I32Field(2, encoding);
            thrift.I32Field(3, ParquetEncodings.Rle);
            thrift.I32Field(4, ParquetEncodings.Rle);
            thrift.EndStruct();
        }
        else
        {
            thrift.BeginStruct(7);
            thrift.I32Field(1, values);
            thrift.I32Field(2, encoding);
            thrift.EndStruct();
        }

        thrift.EndStruct();
        output.Write(_header.Written);
        output.Write(_compressed.Written);
        Compressed += _header.Length + compressed;
        Uncompressed += _header.Length + Body.Length;
    }
}
