namespace ShopStream.Lake.Parquet;

/// <summary>The element types of the Thrift lists Parquet's metadata has.</summary>
internal enum ThriftListElement
{
    I32,
    Binary,
    Struct,
}
