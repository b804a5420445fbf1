namespace ShopStream.Lake.Parquet;

/// <summary>
/// A string's UTF-8 bytes as an interning table (<see cref="Owner"/>) holds them, numbered by it (<see cref="Id"/>,
/// from 0; -1 when not interned). A dictionary-encoded <see cref="StringColumnBuffer"/> finds the entry of a text it
/// has had before by the number, without hashing or comparing bytes.
/// </summary>
public sealed class Utf8Text(byte[] bytes, object? owner, int id)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>The table whose number <see cref="Id"/> is (numbers of different tables are unrelated).</summary>
    public object? Owner { get; } = owner;

    public int Id { get; } = id;
}
