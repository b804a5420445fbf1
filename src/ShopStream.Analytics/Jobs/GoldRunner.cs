using System.Globalization;
using ShopStream.Analytics.Models;
using ShopStream.Analytics.Quality;
using ShopStream.Core.Output;
using ShopStream.Core.Text;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// Runs the gold models over a lake: the lake's tables and the models' latest versions become DuckDB views; checks on
/// the lake's tables run first; then each selected model, in dependency order, is computed into a temporary table,
/// checked, and committed to its Delta table (unless its rows are unchanged). A failed blocking check or a model that
/// fails on every attempt stops everything downstream of it. Each run appends to <c>gold/job_runs</c> and
/// <c>gold/dq_results</c>. The run's time comes from the <see cref="TimeProvider"/>, never the wall clock.
/// </summary>
public sealed class GoldRunner(ILakeStorage storage, GoldRunOptions options, TimeProvider time)
{
    /// <summary>The models to choose from (the catalogue unless a test swaps in its own).</summary>
    public IReadOnlyList<GoldModel> Models { get; init; } = GoldModels.All;

    /// <summary>The checks to run (those declared in <c>checks.json</c> unless a test swaps in its own).</summary>
    public IReadOnlyList<QualityCheck> Checks { get; init; } = QualityChecks.Declared;

    /// <summary>
    /// The models a run of <paramref name="options"/> builds, in order; refuses what such a run would refuse, so that a
    /// schedule says so when it starts, not at its first fire time (and every one after).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The selection names no model, or the campaign model without <see cref="GoldRunOptions.Campaigns"/>, or that file
    /// is missing or not a campaigns CSV.
    /// </exception>
    public static IReadOnlyList<GoldModel> Selected(IReadOnlyList<GoldModel> models, GoldRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var selected = ModelOrder.Select(models, options.Select);
        if (options.Campaigns is not null)
        {
            CampaignSources.CheckFile(options.Campaigns);
            return selected;
        }

        // The campaign model needs its batch sources: left out unless named, refused when named without them.
        var needsCampaigns = selected.Where(m => m.Reads.Contains(CampaignSources.CampaignsView)).ToList();
        if (needsCampaigns.Count > 0 && options.Select.Count > 0)
            throw new ArgumentException($"{needsCampaigns[0].Name} needs --campaigns FILE");
        return [.. selected.Except(needsCampaigns)];
    }

    /// <exception cref="ArgumentException">What <see cref="Selected"/> refuses.</exception>
    /// <summary>The message of a model the run did not start because it was stopped.</summary>
    public const string StoppedMessage = "not run: the run was stopped (Ctrl+C or SIGTERM) before it";

    /// <param name="cancellationToken">
    /// Before the models, stops the run with nothing written; once they run, lets the one under way finish, skips the
    /// rest (<see cref="GoldRunResult.Interrupted"/>) and writes the run's history.
    /// </param>
    public async Task<GoldRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var selected = Selected(Models, options);
        DateTime runTime = time.GetUtcNow().UtcDateTime;
        string runId = $"{runTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";
        string staging = options.StagingFolder ?? ProcessTempFolder.Create("jobs");
        string cache = Path.Combine(staging, "cache");
        Directory.CreateDirectory(cache);
        try
        {
            using var db = DuckDbDatabase.Open();
            using var connection = db.Connect();
            connection.Execute($"SET TimeZone = 'UTC'; SET threads = {options.Threads.ToString(CultureInfo.InvariantCulture)}; SET temp_directory = {Lake.SqlText.Literal(Path.Combine(staging, "duckdb"))}");
            connection.Execute("CREATE TEMP TABLE run_context (run_id VARCHAR, run_time TIMESTAMPTZ)");
            using (var context = connection.Prepare("INSERT INTO run_context VALUES ($1, CAST($2 AS TIMESTAMP) AT TIME ZONE 'UTC')"))
                context.Bind(1, runId).Bind(2, runTime).Execute();

            if (options.Campaigns is not null)
                CampaignSources.Create(connection, options.Campaigns);

            // A table that cannot be read (a damaged data file or log) gets no view: its checks fail and the models
            // that read it fail, each recorded in the run's history, while the others run.
            var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
            var versions = new TableVersions();
            foreach (var (table, snapshot) in await LakeViews.CreateAsync(
                connection, storage, new LakeReadOptions(), cache, cancellationToken, (table, ex) => unreadable[table.ViewName] = ErrorText.FirstParagraph(ex.Message)).ConfigureAwait(false))
            {
                versions.Set(table.ViewName, snapshot);
            }

            foreach (var model in Models)
                versions.Set(model.ViewName, await ShowAsync(connection, model, cache, cancellationToken).ConfigureAwait(false));
            var history = await RunHistory.ReadAsync(connection, storage, cache, cancellationToken).ConfigureAwait(false);

            var checker = new QualityCheckRunner(connection, runTime);
            var results = new List<QualityResult>();
            var stopped = new HashSet<string>(StringComparer.Ordinal);
            var lakeViews = LakeTables.All.Select(t => t.ViewName).ToHashSet(StringComparer.Ordinal);
            foreach (var check in Checks.Where(c => lakeViews.Contains(c.Table)))
            {
                var result = Unreadable(check, unreadable) ?? checker.Evaluate(check);
                results.Add(result);
                if (result.BlocksDownstream)
                    stopped.Add(check.Table);
            }

            // From here a stop (Ctrl+C, SIGTERM, a schedule ending) lets the model under way finish and skips the rest,
            // and the history is still written: a run stopped part way had committed models that no history row
            // showed, and their check results were lost.
            var runs = new List<ModelRun>();
            var builtHere = selected.Select(m => m.ViewName).ToHashSet(StringComparer.Ordinal);
            bool interrupted = false;
            foreach (var model in selected)
            {
                interrupted |= cancellationToken.IsCancellationRequested;
                var run = interrupted
                    ? Skipped(model, runId, runTime, versions, StoppedMessage)
                    : await StaleUpstreamAsync(model, runId, runTime, versions, builtHere, history, CancellationToken.None).ConfigureAwait(false)
                        ?? await RunModelAsync(connection, model, runId, versions, history, unreadable, stopped, checker, results, staging, cache, CancellationToken.None).ConfigureAwait(false);
                if (!ModelStatus.Stands(run.Status))
                    stopped.Add(model.ViewName);
                runs.Add(run);
            }

            var outcome = new GoldRunResult(runId, runTime, runs, results, history.Select(h => h.RunId).Distinct(StringComparer.Ordinal).Count() + 1) { Interrupted = interrupted };
            await RunHistory.AppendAsync(connection, storage, staging, outcome, CancellationToken.None).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            if (options.StagingFolder is null)
                ProcessTempFolder.Delete(staging);
        }
    }

    // A check over an unreadable table, its own or one its SQL reads (a reconciliation with silver), fails saying
    // which and why, rather than with DuckDB's "Table with name ... does not exist".
    private static QualityResult? Unreadable(QualityCheck check, Dictionary<string, string> unreadable)
    {
        foreach (string table in SqlViewNames.In($"{check.Left}\n{check.Right}", GoldModels.KnownViews).Prepend(check.Table))
        {
            if (unreadable.TryGetValue(table, out string? why))
                return QualityResult.Unreadable(check, table == check.Table ? why : $"{table}: {why}");
        }

        return null;
    }

    private async Task<ModelRun> RunModelAsync(
        DuckDbConnection connection, GoldModel model, string runId, TableVersions versions, IReadOnlyList<ModelRun> history,
        IReadOnlyDictionary<string, string> unreadable, HashSet<string> stopped, QualityCheckRunner checker, List<QualityResult> results, string staging, string cache, CancellationToken cancellationToken)
    {
        DateTime started = time.GetUtcNow().UtcDateTime;
        // Files outside the lake have no version: a model reading them is always recomputed (its rows may still be unchanged).
        bool external = model.Upstream.Contains(CampaignSources.CampaignsView);
        var inputs = InputsOf(model, versions);
        var inputIds = inputs.Keys.Where(v => versions.Id(v) is not null).ToDictionary(v => v, v => versions.Id(v)!, StringComparer.Ordinal);
        ModelRun Done(string status, int attempts, long rows, string message) =>
            new(runId, model.Name, model.Version, status, attempts, rows, versions[model.ViewName] < 0 ? null : versions[model.ViewName], inputs, started, time.GetUtcNow().UtcDateTime, message);

        if (model.Upstream.FirstOrDefault(unreadable.ContainsKey) is { } damaged)
            return Done(ModelStatus.Failed, 0, 0, $"{damaged} cannot be read: {unreadable[damaged]}");
        if (model.Upstream.FirstOrDefault(stopped.Contains) is { } bad)
            return Done(ModelStatus.Skipped, 0, 0, $"{bad} failed a blocking check or did not run");
        var last = history.LastOrDefault(h => h.Model == model.Name && ModelStatus.IsGood(h.Status));
        if (options.Incremental && !external && last is not null && last.ModelVersion == model.Version && last.TableVersion == versions[model.ViewName]
            && last.Inputs.Count == inputs.Count && inputs.All(i => last.Inputs.TryGetValue(i.Key, out var v) && v == i.Value)
            && await MadeFromAsync(new DeltaTable(storage, model.TablePath), versions[model.ViewName], cancellationToken).ConfigureAwait(false) is var made
            && JobInputs.ParseTables(made?.UserMetadata) is var madeIds
            && (madeIds.Count == 0 || (madeIds.Count == inputIds.Count && inputIds.All(i => madeIds.GetValueOrDefault(i.Key) == i.Value))))
        {
            // The same versions of the same tables (the run history records versions only; a table deleted and landed
            // again counts from 0 once more, and the model's commit says which tables it read). A commit of an older
            // build says nothing of them: its versions decide, as they did, or an unchanged model would be recomputed
            // on every run, never committing the identities.
            return Done(ModelStatus.UpToDate, 0, last.Rows, "inputs unchanged since run " + last.RunId);
        }

        string fresh = model.ViewName + "__new";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // Each attempt starts from the committed state: a self-reading model must never see its own new rows.
                versions.Set(model.ViewName, await ShowAsync(connection, model, cache, cancellationToken).ConfigureAwait(false));
                connection.Execute($"CREATE OR REPLACE TEMP TABLE \"{fresh}\" AS {model.Sql}");
                long rows = Convert.ToInt64(connection.Scalar($"SELECT count(*) FROM \"{fresh}\""), CultureInfo.InvariantCulture);
                var schema = DuckDbSchemas.Describe(connection, fresh);
                // The version shown, which a self-reading model read and which its rows are compared with, is the one
                // they may replace: if another run commits meanwhile, this run's commit conflicts and the next attempt
                // decides again against the newer version.
                var delta = new DeltaTable(storage, model.TablePath);
                long shown = versions[model.ViewName];
                var snapshot = shown < 0 ? null : await delta.SnapshotAsync(shown, cancellationToken).ConfigureAwait(false);
                bool unchanged = snapshot is not null && snapshot.Metadata.Schema.SameAs(schema) && Convert.ToInt64(connection.Scalar($"""
                    SELECT (SELECT count(*) FROM (SELECT * FROM "{fresh}" EXCEPT ALL SELECT * FROM "{model.ViewName}"))
                         + (SELECT count(*) FROM (SELECT * FROM "{model.ViewName}" EXCEPT ALL SELECT * FROM "{fresh}"))
                    """), CultureInfo.InvariantCulture) == 0;

                // Another jobs run that began on a newer silver (a run landed between the two) may have committed
                // while this one computed: its version stands (already checked by that run), or this run's older rows
                // would replace it.
                if (!unchanged && await NewerInputsAsync(delta, snapshot, inputs, inputIds, cancellationToken).ConfigureAwait(false) is { } newer)
                    return Done(ModelStatus.Superseded, attempt, rows, $"version {snapshot!.Version.ToString(CultureInfo.InvariantCulture)} was built from newer inputs ({newer}): it stands");

                connection.Execute($"CREATE OR REPLACE VIEW \"{model.ViewName}\" AS SELECT * FROM \"{fresh}\"");

                // Recorded with the outcome they decide: an attempt whose commit fails (another writer's version)
                // is retried, and its checks were counted twice in the quality score.
                var checks = Checks.Where(c => c.Table == model.ViewName).Select(checker.Evaluate).ToList();
                if (checks.Where(c => c.BlocksDownstream).Select(c => c.Check.Name).ToList() is { Count: > 0 } failed)
                {
                    results.AddRange(checks);
                    versions.Set(model.ViewName, await ShowAsync(connection, model, cache, cancellationToken).ConfigureAwait(false));
                    return Done(ModelStatus.Blocked, attempt, rows, "blocking checks failed: " + string.Join(", ", failed));
                }

                if (unchanged)
                {
                    results.AddRange(checks);
                    return Done(ModelStatus.Unchanged, attempt, rows, "same rows as version " + snapshot!.Version.ToString(CultureInfo.InvariantCulture));
                }

                var write = new DeltaWriteOptions { Schema = schema, Mode = DeltaWriteMode.Overwrite, Operation = "WRITE", UserMetadata = JobInputs.Describe(inputs, inputIds), ReadVersion = shown };
                var commit = await new DeltaTableWriter(connection, staging).WriteAsync(delta, $"SELECT * FROM \"{fresh}\"", write, cancellationToken).ConfigureAwait(false);
                versions.Set(model.ViewName, commit.Version, commit.Metadata?.Id ?? snapshot?.Metadata.Id);
                results.AddRange(checks);
                return Done(ModelStatus.Succeeded, attempt, rows, $"model v{model.Version.ToString(CultureInfo.InvariantCulture)}");
            }
            catch (Exception ex) when (ex is DuckDbException or IOException or DeltaConflictException or NotSupportedException)
            {
                // A file the version needs is gone (vacuumed, deleted): no later attempt can read it.
                if (attempt >= options.MaxAttempts || DeltaView.IsGoneFileError(ex))
                {
                    versions.Set(model.ViewName, await ShowAsync(connection, model, cache, cancellationToken).ConfigureAwait(false));
                    return Done(ModelStatus.Failed, attempt, 0, ErrorText.FirstParagraph(ex.Message));
                }

                await Task.Delay(options.RetryDelay * (1 << (attempt - 1)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A model built on another model's table that this run does not build (`--select customers_scd2`) reads that table
    // as its last run left it: from an older silver, when a run has landed since. customers_scd2 then recorded versions
    // that never were (a buyer without an RFM segment) in history it never rewrites. Such a model is skipped, saying
    // what to select; null when each such table stands for the lake versions this run reads, by its commit or by its
    // last good run (one whose rows came out unchanged commits nothing, and its commit names older versions).
    private async Task<ModelRun?> StaleUpstreamAsync(
        GoldModel model, string runId, DateTime runTime, TableVersions versions, IReadOnlySet<string> builtHere, IReadOnlyList<ModelRun> history, CancellationToken cancellationToken)
    {
        // A lake table this run cannot read (-1) is not the question here: the models reading it fail saying why.
        bool Stale(KeyValuePair<string, long> t) => LakeTables.Find(t.Key) is not null && versions[t.Key] >= 0 && t.Value != versions[t.Key];
        bool Current(IReadOnlyDictionary<string, long>? read) => read is null || !read.Any(Stale);

        foreach (var upstream in model.Upstream.Select(GoldModels.Find).OfType<GoldModel>().Where(u => !builtHere.Contains(u.ViewName)))
        {
            if (versions[upstream.ViewName] < 0)
                continue; // none yet: the model's SQL reads its empty state
            var made = await MadeFromAsync(new DeltaTable(storage, upstream.TablePath), versions[upstream.ViewName], cancellationToken).ConfigureAwait(false);
            var committed = JobInputs.Parse(made?.UserMetadata); // null: an older build's commit, which says nothing of them
            var lastGood = history.LastOrDefault(h => h.Model == upstream.Name && ModelStatus.IsGood(h.Status))?.Inputs;
            if (Current(committed) || (lastGood is not null && Current(lastGood)))
                continue;
            var (table, version) = (lastGood ?? committed!).First(Stale); // the latest known
            return Skipped(model, runId, runTime, versions,
                $"{upstream.ViewName} was built from {table} version {version.ToString(CultureInfo.InvariantCulture)}, and this run reads version {versions[table].ToString(CultureInfo.InvariantCulture)}: select its model too (--select {upstream.Name},{model.Name}), or run them all");
        }

        return null;
    }

    // A model's step that did not run, before anything of it was computed.
    private ModelRun Skipped(GoldModel model, string runId, DateTime runTime, TableVersions versions, string message) =>
        new(runId, model.Name, model.Version, ModelStatus.Skipped, 0, 0, versions[model.ViewName] < 0 ? null : versions[model.ViewName], InputsOf(model, versions), runTime, time.GetUtcNow().UtcDateTime, message);

    // The versions of the tables a model reads (the run's context and the campaigns file have none).
    private static Dictionary<string, long> InputsOf(GoldModel model, TableVersions versions) =>
        model.Upstream.Where(v => v is not (GoldModels.RunContextView or CampaignSources.CampaignsView)).ToDictionary(v => v, v => versions[v], StringComparer.Ordinal);

    // The table's latest commit at or before a version that made its rows (a compaction keeps them); null for none.
    private static async Task<DeltaCommit?> MadeFromAsync(DeltaTable delta, long version, CancellationToken cancellationToken)
    {
        for (long v = version; v >= 0; v--)
        {
            var commit = await delta.ReadCommitAsync(v, cancellationToken).ConfigureAwait(false);
            if (!commit.KeepsData)
                return commit;
        }

        return null;
    }

    // The first input that the table's latest data commit read at a higher version than this run did, said as
    // "silver_events 1 against 0 here"; null when none (or it records none: an older build's). Versions are compared
    // within the same table only (one deleted and landed again counts from 0): the commit recorded the identity this
    // run read, or this run found no table there at all (any version is newer), or the commit, of this build's first
    // format, recorded no identities.
    private static async Task<string?> NewerInputsAsync(
        DeltaTable delta, DeltaSnapshot? snapshot, IReadOnlyDictionary<string, long> inputs, IReadOnlyDictionary<string, string> inputIds, CancellationToken cancellationToken)
    {
        var commit = await MadeFromAsync(delta, snapshot?.Version ?? -1, cancellationToken).ConfigureAwait(false);
        if (JobInputs.Parse(commit?.UserMetadata) is not { } theirs)
            return null;
        var theirIds = JobInputs.ParseTables(commit!.UserMetadata);
        bool SameTable(string view, long ours) =>
            ours < 0 || theirIds.Count == 0 || (inputIds.TryGetValue(view, out string? id) && theirIds.GetValueOrDefault(view) == id);
        return inputs.Where(i => theirs.TryGetValue(i.Key, out long t) && t > i.Value && SameTable(i.Key, i.Value))
            .Select(i => $"{i.Key} {theirs[i.Key].ToString(CultureInfo.InvariantCulture)} against {i.Value.ToString(CultureInfo.InvariantCulture)} here")
            .FirstOrDefault();
    }

    /// <summary>Shows a model's latest committed version as its view (or its empty state); returns it, null for none.</summary>
    private async Task<DeltaSnapshot?> ShowAsync(DuckDbConnection connection, GoldModel model, string cache, CancellationToken cancellationToken)
    {
        var delta = new DeltaTable(storage, model.TablePath);
        var snapshot = await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null)
            await DeltaView.CreateAsync(connection, model.ViewName, delta, snapshot, cache, cancellationToken).ConfigureAwait(false);
        else if (model.EmptySql is not null)
            connection.Execute($"CREATE OR REPLACE VIEW \"{model.ViewName}\" AS {model.EmptySql}");
        else
            connection.Execute($"DROP VIEW IF EXISTS \"{model.ViewName}\"");
        return snapshot;
    }
}
