namespace ShopStream.Postgres;

/// <summary>One table's part of a publication: rows copied into the stage, and rows inserted or updated from it (rows a newer version already holds are skipped).</summary>
public sealed record RowCounts(long Copied, long Upserted);
