using Npgsql;

namespace ShopStream.Postgres.Tables;

/// <summary>Streams rows into a table's stage with binary COPY, one row at a time as the sequence yields them.</summary>
internal static class BinaryCopy
{
    /// <summary>Copies every row with <paramref name="writeRow"/> (which writes the row's columns in the table's order); returns the row count.</summary>
    public static async Task<long> CopyAsync<T>(
        NpgsqlConnection connection, TableShape table, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow, CancellationToken cancellationToken)
    {
        long count = 0;
        var importer = await connection.BeginBinaryImportAsync(table.CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await writeRow(importer, row, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }
}
