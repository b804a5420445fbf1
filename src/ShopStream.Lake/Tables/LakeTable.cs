using ShopStream.Lake.Delta;

namespace ShopStream.Lake.Tables;

/// <summary>A table of the lake: its folder under the lake root, the view name queries use, its schema and partition columns.</summary>
public sealed record LakeTable(string Path, string ViewName, DeltaSchema Schema, IReadOnlyList<string> PartitionColumns)
{
    public DeltaTable Open(Storage.ILakeStorage storage) => new(storage, Path);
}
