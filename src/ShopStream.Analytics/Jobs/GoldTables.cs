using ShopStream.Lake.Delta;
using ShopStream.Lake.Tables;

namespace ShopStream.Analytics.Jobs;

/// <summary>The tables the runner itself keeps, appended once per run: check results and the run history.</summary>
public static class GoldTables
{
    public static LakeTable DqResults { get; } = new(
        "gold/dq_results",
        "gold_dq_results",
        new DeltaSchema(
        [
            new("run_id", "string", false), new("checked_at", "timestamp", false), new("check_name", "string", false),
            new("table_name", "string", false), new("kind", "string", false), new("blocking", "boolean", false),
            new("passed", "boolean", false), new("failing_rows", "long", false), new("observed", "string"), new("expected", "string"),
            new("quality_score", "decimal(5,2)", false),
        ]),
        []);

    public static LakeTable JobRuns { get; } = new(
        "gold/job_runs",
        "gold_job_runs",
        new DeltaSchema(
        [
            new("run_id", "string", false), new("model", "string", false), new("model_version", "integer", false),
            new("status", "string", false), new("attempts", "integer", false), new("rows", "long", false),
            new("table_version", "long"), new("inputs", "string", false), new("started_at", "timestamp", false),
            new("finished_at", "timestamp", false), new("message", "string"),
            new("run_number", "long"), // added later: null in rows of older builds, whose start times order them
        ]),
        []);
}
