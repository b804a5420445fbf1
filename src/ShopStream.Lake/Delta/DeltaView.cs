using System.Text.RegularExpressions;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Delta;

/// <summary>
/// Shows a table snapshot to DuckDB as a view over <c>read_parquet([...])</c> of exactly the snapshot's files
/// (union by name, so files written before a column was added read it as NULL; partition values from the hive folders).
/// A table without files is an empty view of its schema.
/// </summary>
public static partial class DeltaView
{
    private const string GoneFile = "can no longer be read: its file";

    /// <summary>Whether a query failed reading a view whose version's file is gone (the view's own error): trying again cannot bring the file back.</summary>
    public static bool IsGoneFileError(Exception ex) => ex is DuckDbException && ex.Message.Contains(GoneFile, StringComparison.Ordinal);

    public static async Task CreateAsync(DuckDbConnection connection, string viewName, DeltaTable table, DeltaSnapshot snapshot, string cacheFolder, CancellationToken cancellationToken = default)
    {
        if (!ViewNamePattern().IsMatch(viewName))
            throw new ArgumentException($"view name '{viewName}' is not a plain identifier", nameof(viewName));
        // Every query over the view binds it (union_by_name reads each file's schema) and scans it, each reading every
        // file's footer again: `jobs run` reads silver some 75 times, over 306 files for the retail sample. The
        // lake's files never change in place (a version adds new ones), so their footers can be cached.
        connection.Execute("SET parquet_metadata_cache = true");
        var schema = snapshot.Metadata.Schema;
        var partitions = snapshot.Metadata.PartitionColumns;
        string sql;
        var paths = new List<string>(snapshot.Files.Count);
        string? gone = null;
        foreach (var f in snapshot.Files)
        {
            string path = await table.Storage.MaterializeAsync(table.Key(f.Path), cacheFolder, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(path))
                gone ??= f.Path;
            paths.Add(path);
        }

        if (gone is not null)
        {
            // A local file the version needs is gone (an old version after `lake vacuum`): the view says so when a
            // query reads it, rather than DuckDB's "No files found" over a statement the user never wrote, and a
            // query that reads other views is not stopped by it.
            sql = Failing(schema, $"{table.Path} version {snapshot.Version} {GoneFile} {gone} is gone (lake vacuum deletes the files that only versions older than --retain use, and keeps those of the version read by default, the last finished run's: if that is this one, something else deleted it)");
        }
        else if (snapshot.Files.Count == 0)
        {
            sql = $"SELECT {AllAs(schema, "NULL")} WHERE false";
        }
        else
        {
            string hive = partitions.Count == 0
                ? "hive_partitioning = false"
                : "hive_partitioning = true, hive_types = {" + string.Join(", ", partitions.Select(p => $"'{p}': {DeltaSchema.DuckDbType(schema.Field(p)!.Type)}")) + "}";

            // Columns a file lacks (added later, nullable) come out as NULL through union_by_name; a column no file
            // has yet is added as NULL here, so the view always has the whole schema.
            var present = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                using var describe = connection.Query($"DESCRIBE SELECT * FROM read_parquet({SqlText.List(paths)}, {hive}, union_by_name = true)");
                foreach (var chunk in describe.Chunks())
                {
                    for (int r = 0; r < chunk.RowCount; r++)
                        present.Add(chunk.Column(0).String(r));
                }
            }
            catch (DuckDbException ex)
            {
                throw new DuckDbException(RemoteNames(ex.Message, table.Storage, cacheFolder), ex); // a damaged file, by its name in the lake
            }

            string select = string.Join(", ", schema.Fields.Select(f => present.Contains(f.Name) ? $"\"{f.Name}\"" : $"CAST(NULL AS {DeltaSchema.DuckDbType(f.Type)}) AS \"{f.Name}\""));
            sql = $"SELECT {select} FROM read_parquet({SqlText.List(paths)}, {hive}, union_by_name = true)";
        }

        connection.Execute($"CREATE OR REPLACE VIEW \"{viewName}\" AS {sql}");
    }

    /// <summary>
    /// <paramref name="message"/> with the local copies of a remote lake's files (DuckDB reads those) named as the
    /// files in the lake (<c>s3://bucket/prefix/silver/events/...</c>), not as the temporary folder they were fetched to.
    /// </summary>
    public static string RemoteNames(string message, ILakeStorage storage, string cacheFolder)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(storage);
        return storage is LocalLakeStorage
            ? message
            : message.Replace(Path.TrimEndingDirectorySeparator(cacheFolder) + Path.DirectorySeparatorChar, storage.Root.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// A view with the table's columns whose reading fails with <paramref name="message"/>, and that reads no file: for
    /// a table whose files were not fetched (<c>query</c> fetches those of the views its SQL names).
    /// </summary>
    public static void CreateFailing(DuckDbConnection connection, string viewName, DeltaSchema schema, string message)
    {
        if (!ViewNamePattern().IsMatch(viewName))
            throw new ArgumentException($"view name '{viewName}' is not a plain identifier", nameof(viewName));
        connection.Execute($"CREATE OR REPLACE VIEW \"{viewName}\" AS {Failing(schema, message)}");
    }

    // The error is in every column and in the filter, so no projection or pushed-down filter skips it.
    private static string Failing(DeltaSchema schema, string message)
    {
        string error = $"error({SqlText.Literal(message)})";
        return $"SELECT {AllAs(schema, error)} FROM range(1) WHERE {error} IS NOT NULL";
    }

    // Every column of the schema as the same SQL value, cast to the column's type.
    private static string AllAs(DeltaSchema schema, string value) =>
        string.Join(", ", schema.Fields.Select(f => $"CAST({value} AS {DeltaSchema.DuckDbType(f.Type)}) AS \"{f.Name}\""));

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex ViewNamePattern();
}
