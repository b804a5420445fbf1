namespace ShopStream.Lake.Parquet;

/// <summary>
/// Writes Thrift structs in the compact protocol (the encoding of Parquet's page headers and footer): each field a
/// header with the delta from the previous field id and a type nibble, integers zigzag varints. Only the shapes
/// Parquet's metadata uses: i32, i64, bool, binary, struct, list of i32 / binary / struct.
/// </summary>
internal sealed class ThriftCompactWriter(ByteBuffer output)
{
    private const byte True = 1;
    private const byte False = 2;
    private const byte I32 = 5;
    private const byte I64 = 6;
    private const byte Binary = 8;
    private const byte List = 9;
    private const byte Struct = 12;

    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ByteBuffer Output => output;

    public void BeginStruct(short fieldId)
    {
        FieldHeader(fieldId, Struct);
        PushStruct();
    }

    /// <summary>A struct as an element of a list (no field header).</summary>
    public void PushStruct()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void EndStruct()
    {
        output.WriteByte(0);
        _lastId = _lastIds.Count > 0 ? _lastIds.Pop() : (short)0;
    }

    /// <summary>An empty struct field (Parquet's marker types: STRING, DATE, MICROS, TYPE_ORDER).</summary>
    public void EmptyStruct(short fieldId)
    {
        BeginStruct(fieldId);
        EndStruct();
    }

    public void I32Field(short fieldId, int value)
    {
        FieldHeader(fieldId, I32);
        output.WriteVarint(ZigZag(value));
    }

    public void I64Field(short fieldId, long value)
    {
        FieldHeader(fieldId, I64);
        output.WriteVarint(ZigZag(value));
    }

    public void BoolField(short fieldId, bool value) => FieldHeader(fieldId, value ? True : False);

    public void BinaryField(short fieldId, ReadOnlySpan<byte> value)
    {
        FieldHeader(fieldId, Binary);
        output.WriteVarint((ulong)value.Length);
        output.Write(value);
    }

    public void StringField(short fieldId, string value) => BinaryField(fieldId, System.Text.Encoding.UTF8.GetBytes(value));

    public void ListField(short fieldId, int count, ThriftListElement element)
    {
        FieldHeader(fieldId, List);
        byte type = element switch
        {
            ThriftListElement.I32 => I32,
            ThriftListElement.Binary => Binary,
            _ => Struct,
        };
        if (count < 15)
        {
            output.WriteByte((byte)((count << 4) | type));
        }
        else
        {
            output.WriteByte((byte)(0xF0 | type));
            output.WriteVarint((ulong)count);
        }
    }

    public void I32Element(int value) => output.WriteVarint(ZigZag(value));

    public void BinaryElement(ReadOnlySpan<byte> value)
    {
        output.WriteVarint((ulong)value.Length);
        output.Write(value);
    }

    private void FieldHeader(short fieldId, byte type)
    {
        int delta = fieldId - _lastId;
        if (delta is > 0 and <= 15)
        {
            output.WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            output.WriteByte(type);
            output.WriteVarint(ZigZag(fieldId));
        }

        _lastId = fieldId;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
