namespace ShopStream.Lake.Delta;

/// <summary>How a write changes a table: add files to it, or replace all its files (older versions stay readable until vacuumed).</summary>
public enum DeltaWriteMode
{
    Append,
    Overwrite,
}
