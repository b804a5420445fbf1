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
    /// concurrent publications lock rows in the same order. With <see cref="PublishMode.Replace"/> the version does
    /// not decide: every row whose values or version differ is rewritten.
    /// </summary>
    public string UpsertSql(PublishMode mode) =>
        $"""
        INSERT INTO {Qualified} AS t ({Columns}, version)
        SELECT {Columns}, @version FROM {Stage} ORDER BY {KeyList}
        ON CONFLICT ({KeyList}) DO UPDATE SET {string.Join(", ", values.Select(v => $"{v} = excluded.{v}"))}, version = excluded.version
        WHERE {UpdateWhen(mode, values)}
        """;

    /// <summary>
    /// When an upsert rewrites a stored row (<c>t</c>) with the publication's (<c>excluded</c>) of
    /// <paramref name="values"/>: the version rule (<see cref="PublishMode.Merge"/>), or whenever the values or the
    /// version differ (<see cref="PublishMode.Replace"/>). Never for the same values and version, so a replay writes nothing.
    /// </summary>
    public static string UpdateWhen(PublishMode mode, IEnumerable<string> values) => mode == PublishMode.Replace
        ? $"({Prefixed("t.", values.Append("version"))}) IS DISTINCT FROM ({Prefixed("excluded.", values.Append("version"))})"
        : $"t.version < excluded.version OR (t.version = excluded.version AND ({Prefixed("t.", values)}) IS DISTINCT FROM ({Prefixed("excluded.", values)}))";

    /// <summary>Deletes the rows whose key the stage does not hold (<see cref="PublishMode.Replace"/>).</summary>
    public string DeleteMissingSql =>
        $"DELETE FROM {Qualified} t WHERE NOT EXISTS (SELECT 1 FROM {Stage} s WHERE {string.Join(" AND ", keys.Select(k => $"s.{k} = t.{k}"))})";

    public string SelectSql => $"SELECT {Columns} FROM {Qualified}";

    private string KeyList => string.Join(", ", keys);

    private static string Prefixed(string table, IEnumerable<string> columns) => string.Join(", ", columns.Select(c => table + c));
}
