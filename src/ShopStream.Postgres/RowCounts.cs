namespace ShopStream.Postgres;

/// <summary>
/// One table's part of a publication: rows copied into the stage, rows inserted or updated from it (rows a newer
/// version already holds are skipped), and rows deleted because the run lacks them (<see cref="PublishMode.Replace"/>), or, in a
/// merge, sessions of the users it holds that it lacks.
/// </summary>
public sealed record RowCounts(long Copied, long Upserted, long Removed = 0);
