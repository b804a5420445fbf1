namespace ShopStream.Lake.Parquet;

/// <summary>
/// Writes a column chunk's pages (a header in Thrift, then the zstd-compressed body, or the body itself in a small
/// chunk) and holds the scratch buffers the columns build page bodies in; one per writer, reused for every chunk.
/// </summary>
internal sealed class PageEncoder(int compressionLevel) : IDisposable
{
    /// <summary>
    /// Chunks of fewer rows, and under <see cref="CompressFromBytes"/>, are written uncompressed. A reader
    /// decompresses each page with a fresh zstd context (DuckDB: about 100 KB allocated and faulted in a page), which
    /// for a page of a few dozen rows costs far more than the bytes saved: `jobs run` over the 15,000-line retail
    /// sample's 306 day files (50 rows each) spent most of its time there.
    /// </summary>
    public const int CompressFromRows = 4096;

    /// <summary>A chunk of fewer rows but this many bytes of values (long texts: quarantine's raw records) is compressed.</summary>
    public const int CompressFromBytes = 1 << 16;

    private const int DataPage = 0;
    private const int DictionaryPage = 2;
    private bool _compress = true;

    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly ByteBuffer _header = new(64);
    private readonly Zstd _zstd = new(compressionLevel);

    /// <summary>Where a column builds a page body before <see cref="WriteDataPage"/> or <see cref="WriteDictionaryPage"/>.</summary>
    public ByteBuffer Body { get; } = new(1 << 16);

    /// <summary>Bytes of page headers and compressed bodies written since the chunk began.</summary>
    public long Compressed { get; private set; }

    /// <summary>Bytes of page headers and uncompressed bodies since the chunk began.</summary>
    public long Uncompressed { get; private set; }

    /// <summary>Whether the current chunk's pages are zstd-compressed (its codec), else stored as they are.</summary>
    public bool Compresses => _compress;

    /// <param name="rows">The chunk's rows: fewer than <see cref="CompressFromRows"/> are stored uncompressed ...</param>
    /// <param name="bytes">... unless their values take <see cref="CompressFromBytes"/> or more.</param>
    public void BeginChunk(long rows, long bytes)
    {
        Compressed = 0;
        Uncompressed = 0;
        _compress = rows >= CompressFromRows || bytes >= CompressFromBytes;
    }

    /// <summary>Writes <see cref="Body"/> as the chunk's dictionary page of <paramref name="entries"/> PLAIN values.</summary>
    public void WriteDictionaryPage(ByteBuffer output, int entries) => WritePage(output, DictionaryPage, entries, ParquetEncodings.Plain);

    /// <summary>Writes <see cref="Body"/> (definition levels, then values) as a v1 data page of <paramref name="values"/> rows.</summary>
    public void WriteDataPage(ByteBuffer output, int values, int encoding) => WritePage(output, DataPage, values, encoding);

    public void Dispose() => _zstd.Dispose();

    private void WritePage(ByteBuffer output, int type, int values, int encoding)
    {
        _compressed.Clear();
        int compressed = _compress ? _zstd.Compress(Body.Written, _compressed) : Body.Length;
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
        output.Write(_compress ? _compressed.Written : Body.Written);
        Compressed += _header.Length + compressed;
        Uncompressed += _header.Length + Body.Length;
    }
}
