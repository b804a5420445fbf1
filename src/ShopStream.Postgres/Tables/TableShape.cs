namespace ShopStream.Postgres.Tables;

/// <summary>
/// A served table's name and columns (besides <c>version</c>), and the SQL built from them for staging, bulk copy
/// and the versioned upsert. Names come only from this fixed set of shapes, never from input.
/// </summary>
internal sealed class TableShape(string name, string[] keys, string[] values)
{
    public string Name { get; } = name;

    /// <summary>Keys then values, in the order rows are copied and read.</summary>
    public string Columns { get; } = string.Join(", ", keys.Concat(values));

    public string Qualified => "shopstream." + Name;

    public string Stage => "stage_" + Name;

    /// <summary>A column-for-column copy of the table without constraints, dropped when the transaction ends.</summary>
    public string CreateStageSql => $"CREATE TEMP TABLE {Stage} ON COMMIT DROP AS SELECT {Columns} FROM {Qualified} WITH NO DATA";

    public string CopySql => $"COPY {Stage} ({Columns}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Inserts new keys and updates existing rows whose version is not newer than <c>@version</c>: a replay of an
    /// older publication changes nothing. A row of the same version is only rewritten when its values differ, so
    /// replaying the same publication writes nothing at all (no dead rows, no WAL). Rows go in key order so that
    /// concurrent publications lock rows in the same order.
    /// </summary>
    public string UpsertSql =>
        $"""
        INSERT INTO {Qualified} AS t ({Columns}, version)
        SELECT {Columns}, @version FROM {Stage} ORDER BY {string.Join(", ", keys)}
        ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {string.Join(", ", values.Select(v => $"{v} = excluded.{v}"))}, version = excluded.version
        WHERE t.version < excluded.version
           OR (t.version = excluded.version AND ({string.Join(", ", values.Select(v => "t." + v))}) IS DISTINCT FROM ({string.Join(", ", values.Select(v => "excluded." + v))}))
        """;

    public string SelectSql => $"SELECT {Columns} FROM {Qualified}";
}
