using System.Globalization;
using System.Text.Json;
using ShopStream.Analytics.Quality;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The run history (<c>gold/job_runs</c>, one row per model and run) and check results (<c>gold/dq_results</c>), each
/// appended as one Delta commit per run; read back for <c>jobs history</c> and for incremental runs.
/// </summary>
public static class RunHistory
{
    /// <summary>
    /// The ORDER BY of the <c>gold_job_runs</c> view, oldest step first (<paramref name="newestFirst"/>: newest): by
    /// <c>run_number</c> once the table has that column (one of an older build gets it when this build first appends).
    /// </summary>
    public static string InRunOrder(DuckDbConnection connection, bool newestFirst = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        bool numbered = Convert.ToInt64(connection.Scalar(
            $"SELECT count(*) FROM (DESCRIBE {GoldTables.JobRuns.ViewName}) WHERE column_name = 'run_number'"), CultureInfo.InvariantCulture) > 0;
        string order = newestFirst ? "DESC" : "";
        return (numbered ? $"run_number {order} NULLS {(newestFirst ? "LAST" : "FIRST")}, " : "") + $"started_at {order}, run_id {order}, finished_at {order}";
    }

    /// <summary>
    /// The model steps recorded so far, oldest first (empty when there is no history): in run order (<c>run_number</c>,
    /// <see cref="GoldRunResult.RunNumber"/>), runs of older builds (none) first, then by start time.
    /// </summary>
    public static async Task<IReadOnlyList<ModelRun>> ReadAsync(DuckDbConnection connection, ILakeStorage storage, string cacheFolder, CancellationToken cancellationToken = default)
    {
        var table = GoldTables.JobRuns.Open(storage);
        var snapshot = await table.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
            return [];
        await DeltaView.CreateAsync(connection, GoldTables.JobRuns.ViewName, table, snapshot, cacheFolder, cancellationToken).ConfigureAwait(false);
        var runs = new List<ModelRun>();
        using var result = connection.Query(
            $"SELECT run_id, model, model_version, status, attempts, rows, table_version, inputs, started_at, finished_at, message FROM gold_job_runs ORDER BY {InRunOrder(connection)}");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                var inputs = JsonSerializer.Deserialize<Dictionary<string, long>>(chunk.Column(7).String(r)) ?? [];
                runs.Add(new ModelRun(
                    chunk.Column(0).String(r), chunk.Column(1).String(r), (int)chunk.Column(2).Int64(r), chunk.Column(3).String(r), (int)chunk.Column(4).Int64(r),
                    chunk.Column(5).Int64(r), chunk.Column(6).IsNull(r) ? null : chunk.Column(6).Int64(r), inputs,
                    chunk.Column(8).DateTime(r), chunk.Column(9).DateTime(r), chunk.Column(10).IsNull(r) ? "" : chunk.Column(10).String(r)));
            }
        }

        return runs;
    }

    /// <summary>Appends a run's model steps to <c>gold/job_runs</c> and its check results to <c>gold/dq_results</c>.</summary>
    public static async Task AppendAsync(DuckDbConnection connection, ILakeStorage storage, string stagingFolder, GoldRunResult run, CancellationToken cancellationToken = default)
    {
        connection.Execute("""
            CREATE OR REPLACE TEMP TABLE job_runs_rows (run_id VARCHAR, model VARCHAR, model_version INTEGER, status VARCHAR, attempts INTEGER,
                "rows" BIGINT, table_version BIGINT, inputs VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, message VARCHAR, run_number BIGINT)
            """);
        using (var insert = connection.Prepare("INSERT INTO job_runs_rows VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS TIMESTAMP) AT TIME ZONE 'UTC', CAST($10 AS TIMESTAMP) AT TIME ZONE 'UTC', $11, $12)"))
        {
            foreach (var m in run.Models)
            {
                insert.Bind(1, m.RunId).Bind(2, m.Model).Bind(3, (long)m.ModelVersion).Bind(4, m.Status).Bind(5, (long)m.Attempts).Bind(6, m.Rows);
                if (m.TableVersion is { } v)
                    insert.Bind(7, v);
                else
                    insert.BindNull(7);
                insert.Bind(8, JsonSerializer.Serialize(m.Inputs)).Bind(9, m.StartedAt).Bind(10, m.FinishedAt).Bind(11, m.Message).Bind(12, run.RunNumber);
                insert.Execute();
            }
        }

        connection.Execute("""
            CREATE OR REPLACE TEMP TABLE dq_results_rows (run_id VARCHAR, checked_at TIMESTAMPTZ, check_name VARCHAR, table_name VARCHAR, kind VARCHAR,
                blocking BOOLEAN, passed BOOLEAN, failing_rows BIGINT, observed VARCHAR, expected VARCHAR, quality_score DECIMAL(5,2))
            """);
        using (var insert = connection.Prepare("INSERT INTO dq_results_rows VALUES ($1, CAST($2 AS TIMESTAMP) AT TIME ZONE 'UTC', $3, $4, $5, $6, $7, $8, $9, $10, CAST($11 AS DECIMAL(5,2)))"))
        {
            foreach (var c in run.Checks)
            {
                insert.Bind(1, run.RunId).Bind(2, run.RunTime).Bind(3, c.Check.Name).Bind(4, c.Check.Table).Bind(5, QualityChecks.KindName(c.Check.Kind))
                    .Bind(6, c.Check.Blocking).Bind(7, c.Passed).Bind(8, c.FailingRows).Bind(9, c.Observed).Bind(10, c.Expected)
                    .Bind(11, run.QualityScore.ToString(CultureInfo.InvariantCulture));
                insert.Execute();
            }
        }

        var writer = new DeltaTableWriter(connection, stagingFolder);
        foreach (var (table, rows) in new[] { (GoldTables.JobRuns, "job_runs_rows"), (GoldTables.DqResults, "dq_results_rows") })
        {
            var options = new DeltaWriteOptions { Schema = table.Schema, Mode = DeltaWriteMode.Append, Operation = "WRITE" };
            await writer.WriteAsync(table.Open(storage), $"SELECT * FROM {rows}", options, cancellationToken).ConfigureAwait(false);
        }
    }
}
