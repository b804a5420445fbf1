using System.Text;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// The file's footer, Thrift <c>FileMetaData</c>: the schema (a root and one element per column, with the physical,
/// converted and logical types DuckDB maps to VARCHAR, BIGINT, INTEGER, BOOLEAN, TIMESTAMP WITH TIME ZONE, DATE and
/// DECIMAL), the row groups with each column chunk's place, encodings and statistics, and the type-defined column
/// order, which tells readers the min and max values are comparable (byte order for strings).
/// </summary>
internal static class ParquetFooter
{
    private const int Required = 0;
    private const int Optional = 1;
    private const int Uncompressed = 0;
    private const int Zstd = 6;

    private static readonly byte[] s_createdBy = Encoding.UTF8.GetBytes("ShopStream lake parquet writer");

    public static void Write(ByteBuffer output, IReadOnlyList<ParquetColumn> columns, IReadOnlyList<(long Rows, ColumnChunkMeta[] Chunks)> rowGroups)
    {
        var t = new ThriftCompactWriter(output);
        t.PushStruct();
        t.I32Field(1, 1);
        t.ListField(2, columns.Count + 1, ThriftListElement.Struct);
        t.PushStruct();
        t.StringField(4, "schema");
        t.I32Field(5, columns.Count);
        t.EndStruct();
        foreach (var c in columns)
            SchemaElement(t, c);
        t.I64Field(3, rowGroups.Sum(g => g.Rows));
        t.ListField(4, rowGroups.Count, ThriftListElement.Struct);
        foreach (var (rows, chunks) in rowGroups)
            RowGroup(t, rows, chunks);
        t.BinaryField(6, s_createdBy);
        t.ListField(7, columns.Count, ThriftListElement.Struct);
        foreach (var _ in columns)
        {
            t.PushStruct();
            t.EmptyStruct(1);
            t.EndStruct();
        }

        t.EndStruct();
    }

    private static void SchemaElement(ThriftCompactWriter t, ParquetColumn c)
    {
        t.PushStruct();
        t.I32Field(1, PhysicalType(c.Kind));
        t.I32Field(3, c.Nullable ? Optional : Required);
        t.StringField(4, c.Name);
        switch (c.Kind)
        {
            case ParquetColumnKind.String:
                t.I32Field(6, 0); // UTF8
                t.BeginStruct(10);
                t.EmptyStruct(1); // STRING
                t.EndStruct();
                break;
            case ParquetColumnKind.Timestamp:
                t.I32Field(6, 10); // TIMESTAMP_MICROS
                t.BeginStruct(10);
                t.BeginStruct(8); // TIMESTAMP
                t.BoolField(1, true); // isAdjustedToUTC
                t.BeginStruct(2);
                t.EmptyStruct(2); // MICROS
                t.EndStruct();
                t.EndStruct();
                t.EndStruct();
                break;
            case ParquetColumnKind.Date:
                t.I32Field(6, 6); // DATE
                t.BeginStruct(10);
                t.EmptyStruct(6); // DATE
                t.EndStruct();
                break;
            case ParquetColumnKind.Decimal:
                t.I32Field(6, 5); // DECIMAL
                t.I32Field(7, c.Scale);
                t.I32Field(8, c.Precision);
                t.BeginStruct(10);
                t.BeginStruct(5); // DECIMAL
                t.I32Field(1, c.Scale);
                t.I32Field(2, c.Precision);
                t.EndStruct();
                t.EndStruct();
                break;
            default:
                break;
        }

        t.EndStruct();
    }

    private static void RowGroup(ThriftCompactWriter t, long rows, ColumnChunkMeta[] chunks)
    {
        t.PushStruct();
        t.ListField(1, chunks.Length, ThriftListElement.Struct);
        foreach (var c in chunks)
            ColumnChunk(t, c);
        t.I64Field(2, chunks.Sum(c => c.TotalUncompressed));
        t.I64Field(3, rows);
        if (chunks.Length > 0)
            t.I64Field(5, chunks[0].Start);
        t.I64Field(6, chunks.Sum(c => c.TotalCompressed));
        t.EndStruct();
    }

    private static void ColumnChunk(ThriftCompactWriter t, ColumnChunkMeta c)
    {
        t.PushStruct();
        t.I64Field(2, c.Start);
        t.BeginStruct(3);
        t.I32Field(1, PhysicalType(c.Column.Kind));
        // The data page's encoding and the levels' (RLE); a dictionary chunk's dictionary page is PLAIN.
        bool dictionaryEncoded = c.Encoding == ParquetEncodings.RleDictionary;
        t.ListField(2, dictionaryEncoded ? 3 : 2, ThriftListElement.I32);
        if (dictionaryEncoded)
            t.I32Element(ParquetEncodings.Plain);
        t.I32Element(ParquetEncodings.Rle);
        t.I32Element(c.Encoding);
        t.ListField(3, 1, ThriftListElement.Binary);
        t.BinaryElement(Encoding.UTF8.GetBytes(c.Column.Name));
        t.I32Field(4, c.Compressed ? Zstd : Uncompressed);
        t.I64Field(5, c.Values);
        t.I64Field(6, c.TotalUncompressed);
        t.I64Field(7, c.TotalCompressed);
        t.I64Field(9, c.DataPageOffset);
        if (c.DictionaryPageOffset is { } dictionary)
            t.I64Field(11, dictionary);
        t.BeginStruct(12);
        t.I64Field(3, c.NullCount);
        if (c.Max is { } max)
            t.BinaryField(5, max);
        if (c.Min is { } min)
            t.BinaryField(6, min);
        t.EndStruct();
        t.EndStruct();
        t.EndStruct();
    }

    private static int PhysicalType(ParquetColumnKind kind) => kind switch
    {
        ParquetColumnKind.Boolean => 0,
        ParquetColumnKind.Int32 or ParquetColumnKind.Date => 1,
        ParquetColumnKind.Int64 or ParquetColumnKind.Timestamp or ParquetColumnKind.Decimal => 2,
        _ => 6, // BYTE_ARRAY
    };
}
