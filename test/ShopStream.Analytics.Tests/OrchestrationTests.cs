using ShopStream.Analytics.Jobs;
using ShopStream.Analytics.Models;
using ShopStream.Analytics.Quality;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Delta;

namespace ShopStream.Analytics.Tests;

public sealed class OrchestrationTests
{
    [Fact]
    public async Task Runs_are_ordered_by_their_place_in_the_history_not_by_a_clock_that_went_back()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var first = lake.Run();
        string input = Path.Combine(lake.Lake.Folder, "changed.csv");
        File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
        using (new ShopStream.Lake.Tests.Runs.LakeRun(input, storage: lake.Storage))
        {
        }

        // This machine's clock is a day behind the one that ran first.
        lake.Clock.Advance(TimeSpan.FromDays(-1));
        var second = lake.Run();
        using var output = new ShopStream.Tests.TempFolder();
        var (data, _) = await ShopStream.Analytics.Reporting.BusinessReport.WriteAsync(lake.Storage, output.Path);

        Assert.Equal((1L, 2L), (first.RunNumber, second.RunNumber));
        Assert.Equal(second.RunId, lake.History()[^1].RunId); // was the first run's: ordered by start time
        Assert.Null(data.StaleGold); // was "built from silver_events version 0": the tables are silver 1's
    }

    [Fact]
    public async Task A_history_written_before_runs_were_numbered_still_reads_and_its_runs_come_first()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        // One step as an older build recorded it: no run_number column, and a start time after this run's.
        var old = new DeltaSchema([.. GoldTables.JobRuns.Schema.Fields.Where(f => f.Name != "run_number")]);
        using (var db = ShopStream.Lake.DuckDb.DuckDbDatabase.Open())
        using (var connection = db.Connect())
        using (var staging = new ShopStream.Tests.TempFolder())
        {
            await new DeltaTableWriter(connection, staging.Path).WriteAsync(GoldTables.JobRuns.Open(lake.Storage), """
                SELECT 'old-run' AS run_id, 'rfm' AS model, 1 AS model_version, 'succeeded' AS status, 1 AS attempts, CAST(5 AS BIGINT) AS "rows",
                    CAST(NULL AS BIGINT) AS table_version, '{}' AS inputs, TIMESTAMPTZ '2030-01-01 00:00:00+00' AS started_at,
                    TIMESTAMPTZ '2030-01-01 00:00:01+00' AS finished_at, NULL::VARCHAR AS message
                """, new DeltaWriteOptions { Schema = old, Mode = DeltaWriteMode.Append, Operation = "WRITE" });
        }

        var run = lake.Run();

        Assert.True(run.Succeeded);
        Assert.Equal(2, run.RunNumber); // the older build's run counts
        var history = lake.History();
        Assert.Equal("old-run", history[0].RunId);
        Assert.Equal(run.RunId, history[^1].RunId);
        Assert.Equal(["", "2"], lake.Query("SELECT coalesce(CAST(run_number AS VARCHAR), '') FROM gold_job_runs GROUP BY ALL ORDER BY 1").Select(r => r[0]));
    }

    [Fact]
    public void Dependencies_come_from_what_each_model_reads()
    {
        var models = GoldModels.All.ToDictionary(m => m.Name);
        Assert.Equal(["silver_events"], models["rfm"].Upstream);
        Assert.Equal(["gold_profiles", "gold_rfm", "run_context", "silver_events"], models["customers_scd2"].Upstream);
        Assert.True(models["customers_scd2"].ReadsItself);
        Assert.Contains("gold_rfm", models["ml_features"].Upstream);
        var order = ModelOrder.Sort(GoldModels.All.Reverse().ToList()).Select(m => m.Name).ToList();
        Assert.True(order.IndexOf("rfm") < order.IndexOf("customers_scd2"));
        Assert.True(order.IndexOf("rfm") < order.IndexOf("ml_features"));
    }

    [Fact]
    public void Selectors_take_a_model_its_downstream_or_its_upstream_and_refuse_unknown_names()
    {
        Assert.Equal(["rfm", "customers_scd2", "ml_features"], ModelOrder.Select(GoldModels.All, ["rfm+"]).Select(m => m.Name));
        Assert.Equal(["rfm", "ml_features"], ModelOrder.Select(GoldModels.All, ["+ml_features"]).Select(m => m.Name));
        Assert.Equal(["cohorts"], ModelOrder.Select(GoldModels.All, ["cohorts"]).Select(m => m.Name));
        Assert.Throws<ArgumentException>(() => ModelOrder.Select(GoldModels.All, ["nope"]));
        Assert.Throws<ArgumentException>(() => ModelOrder.Select(GoldModels.All, ["rfm++"])); // one + a side; it was read as rfm+
        Assert.Throws<ArgumentException>(() => ModelOrder.Select(GoldModels.All, ["++ml_features"]));
    }

    [Fact]
    public void A_cycle_between_models_is_refused()
    {
        var a = new GoldModel("a", 1, "SELECT * FROM gold_b", ["gold_b"]);
        var b = new GoldModel("b", 1, "SELECT * FROM gold_a", ["gold_a"]);
        Assert.Throws<InvalidOperationException>(() => ModelOrder.Sort([a, b]));
    }

    [Fact]
    public void A_second_run_on_unchanged_inputs_recomputes_nothing_and_the_history_has_both_runs()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var first = lake.Run();
        lake.Clock.Advance(TimeSpan.FromHours(1));
        var second = lake.Run();
        Assert.All(first.Models, m => Assert.Equal(ModelStatus.Succeeded, m.Status));
        Assert.All(second.Models, m => Assert.Equal(ModelStatus.UpToDate, m.Status));
        Assert.Equal(first.Models.Select(m => m.TableVersion), second.Models.Select(m => m.TableVersion));
        Assert.Equal(12L, lake.Count("SELECT count(*) FROM gold_job_runs"));
        Assert.Equal(2L, lake.Count("SELECT count(DISTINCT run_id) FROM gold_job_runs"));
        Assert.Equal(6L, lake.Count("SELECT count(*) FROM gold_job_runs WHERE status = 'up_to_date' AND started_at = TIMESTAMPTZ '2026-11-21 13:00:00+00'"));
    }

    [Fact]
    public void A_model_retried_after_losing_its_commit_counts_its_checks_once()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var storage = new FirstCommit(lake.Storage, "gold/rfm/_delta_log/", lost: true);
        var run = lake.Run(configure: r => new GoldRunner(storage, new GoldRunOptions { RetryDelay = TimeSpan.Zero, MaxAttempts = 3 }, lake.Clock));

        var rfm = run.Models.Single(m => m.Model == "rfm");
        Assert.Equal(ModelStatus.Succeeded, rfm.Status);
        Assert.Equal(2, rfm.Attempts); // the first attempt's commit was "another writer's"
        int declared = QualityChecks.Declared.Count(c => c.Table == "gold_rfm");
        Assert.True(declared > 0);
        Assert.Equal(declared, run.Checks.Count(c => c.Check.Table == "gold_rfm")); // was twice as many
    }

    [Fact]
    public async Task A_run_stopped_part_way_finishes_the_model_under_way_skips_the_rest_and_writes_its_history()
    {
        // Stopped as rfm commits: rfm's version stood with no history row, and its checks' results were lost.
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        using var stop = new CancellationTokenSource();
        var storage = new FirstCommit(lake.Storage, "gold/rfm/_delta_log/", before: stop.Cancel);

        var run = await new GoldRunner(storage, new GoldRunOptions { RetryDelay = TimeSpan.Zero }, lake.Clock).RunAsync(stop.Token);

        Assert.True(run.Interrupted);
        int rfm = run.Models.ToList().FindIndex(m => m.Model == "rfm");
        Assert.Equal(ModelStatus.Succeeded, run.Models[rfm].Status);
        Assert.NotEmpty(run.Models.Skip(rfm + 1));
        Assert.All(run.Models.Skip(rfm + 1), m => Assert.Equal((ModelStatus.Skipped, GoldRunner.StoppedMessage), (m.Status, m.Message)));
        Assert.Equal(run.Models.Count, lake.Count($"SELECT count(*) FROM gold_job_runs WHERE run_id = '{run.RunId}'"));
        Assert.Equal(1L, lake.Count($"SELECT count(*) FROM gold_job_runs WHERE run_id = '{run.RunId}' AND model = 'rfm' AND status = 'succeeded'"));
        Assert.Equal(run.Checks.Count, lake.Count($"SELECT count(*) FROM gold_dq_results WHERE run_id = '{run.RunId}'"));
    }

    // Storage whose first put-if-absent under a prefix (a commit) first runs a hook, then finds the key taken (a
    // concurrent writer's commit) when it is to be lost, or makes it.
    private sealed class FirstCommit(ILakeStorage inner, string prefix, Action? before = null, bool lost = false) : ILakeStorage
    {
        private bool _seen;

        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            if (!_seen && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                _seen = true;
                before?.Invoke();
                if (lost)
                    return Task.FromResult(false);
            }

            return inner.PutIfAbsentAsync(key, content, CancellationToken.None);
        }

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }

    [Fact]
    public void A_model_that_fails_is_retried_then_marked_failed_and_its_downstream_skipped()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var broken = new GoldModel("rfm", 9, "SELECT customer_id FROM silver_events", ["silver_events"]);
        var downstream = GoldModels.All.Single(m => m.Name == "ml_features");
        var run = lake.Run(configure: r => new GoldRunner(lake.Storage, new GoldRunOptions { RetryDelay = TimeSpan.Zero, MaxAttempts = 3 }, lake.Clock) { Models = [broken, downstream] });
        var rfm = run.Models.Single(m => m.Model == "rfm");
        Assert.Equal(ModelStatus.Failed, rfm.Status);
        Assert.Equal(3, rfm.Attempts);
        Assert.Contains("customer_id", rfm.Message, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Skipped, run.Models.Single(m => m.Model == "ml_features").Status);
        Assert.False(run.Succeeded);
    }

    [Fact]
    public async Task A_jobs_run_that_began_on_an_older_silver_leaves_a_newer_runs_table_standing()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero, Incremental = false };
        // While run A is at its model's start (its views read silver 0), a run lands silver 1 and run B builds from it.
        List<string?[]> b = [];
        var clock = new HookedClock(lake.Clock.GetUtcNow(), call: 2, () =>
        {
            string input = Path.Combine(lake.Lake.Folder, "changed.csv");
            File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
            using (new ShopStream.Lake.Tests.Runs.LakeRun(input, storage: lake.Storage))
            {
            }

            Assert.True(lake.Run(rfmOnly).Succeeded);
            b = lake.Query("SELECT customer_id FROM gold_rfm ORDER BY ALL");
        });

        var a = await new GoldRunner(lake.Storage, rfmOnly, clock).RunAsync();

        Assert.True(clock.Fired, "run B did not run inside run A");
        var rfm = Assert.Single(a.Models);
        Assert.Equal(ModelStatus.Superseded, rfm.Status); // was succeeded: A's rfm of silver 0 replaced B's of silver 1
        Assert.Contains("silver_events 1 against 0 here", rfm.Message, StringComparison.Ordinal);
        Assert.True(a.Succeeded);
        Assert.Equal(b, lake.Query("SELECT customer_id FROM gold_rfm ORDER BY ALL"));
        Assert.Contains(["2"], b); // user 2 buys in silver 1 only
    }

    [Fact]
    public async Task A_newer_runs_commit_between_the_decision_and_the_write_makes_this_run_decide_again()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero, Incremental = false };
        Assert.True(lake.Run(rfmOnly).Succeeded); // gold/rfm version 0, from silver 0
        void Land(string name, string text)
        {
            string input = Path.Combine(lake.Lake.Folder, name);
            File.WriteAllText(input, text);
            using (new ShopStream.Lake.Tests.Runs.LakeRun(input, storage: lake.Storage))
            {
            }
        }

        Land("silver1.csv", HandMadeData.ClicksWithUser2Buying);
        // Run A, on silver 1, has decided its rows replace version 0 (nothing newer there): as its writer looks at
        // the table (the log's fourth listing: the run's views, the attempt's view, its decision, the writer), a run
        // lands silver 2 and run B commits rfm version 1 from it. A's writer took that as the version to follow and
        // replaced B's rows with its older ones.
        List<string?[]> b = [];
        var storage = new HookedListing(lake.Storage, "gold/rfm/_delta_log/", call: 4, () =>
        {
            Land("silver2.csv", HandMadeData.ClicksWithUser2Buying + "2019-10-02 16:00:00 UTC,purchase,200,2,appliances.kitchen,bosch,70.00,2,s7\n");
            Assert.True(lake.Run(rfmOnly).Succeeded);
            b = lake.Query("SELECT customer_id, monetary FROM gold_rfm ORDER BY ALL");
        });

        var a = await new GoldRunner(storage, rfmOnly with { MaxAttempts = 3 }, lake.Clock).RunAsync();

        Assert.True(storage.Fired, $"run B did not run inside run A's write ({storage.Calls} listings)");
        var rfm = Assert.Single(a.Models);
        Assert.Equal(ModelStatus.Superseded, rfm.Status); // was succeeded
        Assert.Equal(2, rfm.Attempts); // the first attempt's commit found B's version in its place
        Assert.Contains("version 1 was built from newer inputs (silver_events 2 against 1 here)", rfm.Message, StringComparison.Ordinal);
        Assert.Equal(b, lake.Query("SELECT customer_id, monetary FROM gold_rfm ORDER BY ALL"));
        Assert.Contains(["2", "120.00"], b); // user 2's two purchases, in silver 2 only
        // A superseded model's checks describe rows never committed: they are not in the run's results.
        Assert.DoesNotContain(a.Checks, c => c.Check.Table == "gold_rfm");
    }

    [Fact]
    public void A_silver_deleted_and_made_again_counts_its_versions_anew_and_does_not_leave_gold_superseded()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero };
        void Land(string name, string text)
        {
            string input = Path.Combine(lake.Lake.Folder, name);
            File.WriteAllText(input, text);
            using (new ShopStream.Lake.Tests.Runs.LakeRun(input, storage: lake.Storage))
            {
            }
        }

        Land("silver1.csv", HandMadeData.Clicks);
        Assert.True(lake.Run(rfmOnly).Succeeded); // rfm from silver version 1
        Assert.DoesNotContain(["2"], lake.Query("SELECT customer_id FROM gold_rfm"));

        // The silver table is deleted and landed again: a new table (another metaData.id) at version 0, where user 2 buys.
        Directory.Delete(Path.Combine(lake.Lake.LakeRoot, "silver", "events"), recursive: true);
        Land("again.csv", HandMadeData.ClicksWithUser2Buying);
        var run = lake.Run(rfmOnly);

        var rfm = Assert.Single(run.Models);
        Assert.Equal(ModelStatus.Succeeded, rfm.Status); // was superseded ("silver_events 1 against 0 here") on every run until silver passed version 1
        Assert.Contains(["2"], lake.Query("SELECT customer_id FROM gold_rfm"));
    }

    [Fact]
    public void A_silver_made_again_at_the_same_version_is_not_taken_for_the_one_a_model_was_built_from()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero }; // incremental
        Assert.True(lake.Run(rfmOnly).Succeeded); // rfm from silver version 0

        Directory.Delete(Path.Combine(lake.Lake.LakeRoot, "silver", "events"), recursive: true);
        string input = Path.Combine(lake.Lake.Folder, "again.csv");
        File.WriteAllText(input, HandMadeData.ClicksWithUser2Buying);
        using (new ShopStream.Lake.Tests.Runs.LakeRun(input, storage: lake.Storage))
        {
        }

        lake.Clock.Advance(TimeSpan.FromMinutes(1)); // the run history's last run is the latest by time
        var rfm = Assert.Single(lake.Run(rfmOnly).Models);
        Assert.Equal(ModelStatus.Succeeded, rfm.Status); // was up_to_date: "silver_events 0" both times, gold stale
        Assert.Contains(["2"], lake.Query("SELECT customer_id FROM gold_rfm"));
        lake.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ModelStatus.UpToDate, Assert.Single(lake.Run(rfmOnly).Models).Status); // and then up to date again
    }

    [Fact]
    public void A_model_committed_by_an_older_build_without_table_identities_stays_up_to_date()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero };
        Assert.True(lake.Run(rfmOnly).Succeeded);
        // The older build recorded the versions alone.
        string log = Path.Combine(lake.Lake.LakeRoot, "gold", "rfm", "_delta_log", "00000000000000000000.json");
        string text = File.ReadAllText(log);
        string older = System.Text.RegularExpressions.Regex.Replace(text, @",\\u0022shopstreamJobInputTables\\u0022:\{[^}]*\}", "");
        Assert.NotEqual(text, older);
        File.WriteAllText(log, older);

        lake.Clock.Advance(TimeSpan.FromMinutes(1));
        // Not recomputed on every run (its rows unchanged, it would never commit the identities).
        Assert.Equal(ModelStatus.UpToDate, Assert.Single(lake.Run(rfmOnly).Models).Status);
    }

    [Fact]
    public async Task A_run_that_found_no_silver_gives_way_to_one_that_built_from_the_silver_landed_meanwhile()
    {
        using var folder = new ShopStream.Tests.TempFolder();
        var storage = new LocalLakeStorage(folder.File("lake"));
        var rfmOnly = new GoldRunOptions { Select = ["rfm"], RetryDelay = TimeSpan.Zero, Incremental = false };
        // Run A begins on a lake whose first run has not finished (no silver); before its model runs, the run lands
        // silver and run B builds rfm from it. A found no table, so it has no identity to compare: any version is newer.
        var clock = new HookedClock(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), call: 2, () =>
        {
            File.WriteAllText(folder.File("landed.csv"), HandMadeData.ClicksWithUser2Buying);
            using (new ShopStream.Lake.Tests.Runs.LakeRun(folder.File("landed.csv"), storage: storage))
            {
            }

            Assert.True(new GoldRunner(storage, rfmOnly, TimeProvider.System).RunAsync().GetAwaiter().GetResult().Succeeded);
        });

        // Without checks: silver's blocking ones stop every model of a lake with no silver, which this is about.
        var a = await new GoldRunner(storage, rfmOnly, clock) { Checks = [] }.RunAsync();

        Assert.True(clock.Fired);
        var rfm = Assert.Single(a.Models);
        Assert.True(ModelStatus.Superseded == rfm.Status, rfm.Message); // was succeeded: A's rfm of no silver replaced B's
        Assert.Contains("silver_events 0 against -1 here", rfm.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await new DeltaTable(storage, "gold/rfm").SnapshotAsync())!.Version); // B's version alone
    }

    // Storage that runs a hook (once) just before the call-th listing under a prefix.
    private sealed class HookedListing(ILakeStorage inner, string prefix, int call, Action hook) : ILakeStorage
    {
        private int _calls;

        public int Calls => _calls;

        public bool Fired { get; private set; }

        public string Root => inner.Root;

        public string? LocalPath(string key) => inner.LocalPath(key);

        public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutIfAbsentAsync(key, content, cancellationToken);

        public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) => inner.UploadAsync(key, localFile, cancellationToken);

        public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<LakeObject>> ListAsync(string under, CancellationToken cancellationToken = default)
        {
            if (under.StartsWith(prefix, StringComparison.Ordinal) && ++_calls == call)
            {
                Fired = true;
                hook();
            }

            return inner.ListAsync(under, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => inner.MaterializeAsync(key, cacheFolder, cancellationToken);
    }

    /// <summary>The clock a jobs run reads; on its <c>call</c>-th reading it first runs <c>hook</c> (once).</summary>
    private sealed class HookedClock(DateTimeOffset now, int call, Action hook) : TimeProvider
    {
        private int _calls;

        public bool Fired { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (++_calls == call)
            {
                Fired = true;
                hook();
            }

            return now;
        }
    }
}
