namespace ShopStream.Lake.Runs;

/// <summary>What a run committed to one table: the new version, its rows and files.</summary>
public sealed record LakeTableReport(string Table, long Version, long Rows, int Files);
