using System.CommandLine;
using System.Globalization;
using ShopStream.Analytics.Jobs;
using ShopStream.Analytics.Models;
using ShopStream.Analytics.Scheduling;
using ShopStream.Cli.Lake;
using ShopStream.Core.Output;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream jobs run|history|schedule</c>: the gold models over the lake, their history, and their schedule.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var jobs = new Command("jobs", "Gold analytics: run the SQL models over the lake with data-quality checks, list past runs, run them on a schedule");
        jobs.Subcommands.Add(Run());
        jobs.Subcommands.Add(History());
        jobs.Subcommands.Add(Schedule());
        return jobs;
    }

    private static Command Run()
    {
        var root = new LakeRootOptions();
        var options = new JobsOptionSet();
        var command = new Command("run", "Run the gold models (" + string.Join(", ", GoldModels.Names) + ") in dependency order; exit 1 when a model or blocking check fails");
        root.AddTo(command);
        options.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            var run = options.Read(parse);
            var storage = LakeStorage.Open(root.Read(parse));
            using var stop = new StopSignals("the model under way finishes, the others are skipped, and the run's history is written");
            GoldRunResult result;
            try
            {
                result = new GoldRunner(storage, run with { RetryDelay = TimeSpan.FromSeconds(1) }, TimeProvider.System).RunAsync(stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine("shopstream: jobs run stopped before its first model: nothing was written");
                return stop.ExitCode;
            }

            int code = Report(result);
            return stop.Token.IsCancellationRequested ? stop.ExitCode : code; // stopped during the last model too
        }));
        return command;
    }

    private static Command History()
    {
        var root = new LakeRootOptions();
        var last = new Option<int>("--last") { Description = "How many of the latest runs to list", DefaultValueFactory = _ => 10 };
        var command = new Command("history", "List past runs of the gold models (gold/job_runs): time, model, status, attempts, rows, table version") { last };
        root.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            int count = parse.GetValue(last);
            if (count < 1)
                throw new ArgumentException($"--last {count}: give 1 or more");
            var storage = LakeStorage.Open(root.Read(parse));
            string cache = ProcessTempFolder.Create("history");
            try
            {
                using var db = DuckDbDatabase.Open();
                using var connection = db.Connect();
                connection.Execute("SET TimeZone = 'UTC'");
                var runs = RunHistory.ReadAsync(connection, storage, cache).GetAwaiter().GetResult();
                if (runs.Count == 0)
                {
                    Console.WriteLine("no gold runs yet (shopstream jobs run)");
                    return ExitCodes.Ok;
                }

                var shown = runs.Select(r => r.RunId).Distinct().TakeLast(count).ToHashSet(StringComparer.Ordinal);
                Console.WriteLine($"{"run",-25}  {"started",-20}  {"model",-18}  {"status",-10}  {"tries",5}  {"rows",10}  {"version",7}  note");
                foreach (var r in runs.Where(r => shown.Contains(r.RunId)))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.RunId,-25}  {r.StartedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}  {r.Model,-18}  {r.Status,-10}  {r.Attempts,5}  {r.Rows,10:N0}  {r.TableVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",7}  {r.Message}"));
                }

                return ExitCodes.Ok;
            }
            finally
            {
                ProcessTempFolder.Delete(cache);
            }
        }));
        return command;
    }

    private static Command Schedule()
    {
        var root = new LakeRootOptions();
        var options = new JobsOptionSet();
        var cron = new Option<string>("--cron") { Description = "When to run, a Quartz cron expression in UTC: seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?' (02:00 daily)", Required = true };
        var maxRuns = new Option<int?>("--max-runs") { Description = "Stop after this many runs (default: run until Ctrl+C)" };
        var command = new Command("schedule", "Run the gold models on a cron schedule, in the foreground, until Ctrl+C (or --max-runs)") { cron, maxRuns };
        root.AddTo(command);
        options.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            var schedule = new CronSchedule(parse.GetRequiredValue(cron));
            var run = options.Read(parse) with { RetryDelay = TimeSpan.FromSeconds(1) };
            if (parse.GetValue(maxRuns) is < 1)
                throw new ArgumentException("--max-runs: give 1 or more");
            _ = GoldRunner.Selected(GoldModels.All, run); // refused now as jobs run refuses it, not at each fire time
            string lakeRoot = root.Read(parse);
            var storage = LakeStorage.Open(lakeRoot);
            using var stop = new StopSignals("the schedule ends");
            var time = TimeProvider.System;
            var next = schedule.NextAfter(time.GetUtcNow())
                ?? throw new ArgumentException($"cron expression '{schedule.Text}' never fires (no such date from now on, e.g. February 31st)");
            Console.WriteLine($"jobs: on '{schedule.Text}' (UTC) over {lakeRoot}; next run {next:yyyy-MM-dd'T'HH:mm:ss'Z'}; Ctrl+C stops");
            int failed = 0;
            var scheduler = Scheduler(schedule, storage, run, time, () => Interlocked.Increment(ref failed));
            int runs = scheduler.RunAsync(parse.GetValue(maxRuns), stop.Token).GetAwaiter().GetResult();
            Console.WriteLine($"jobs: stopped after {runs} run(s){(failed > 0 ? $", {failed} of them failed" : "")}");
            // A bounded schedule is a batch job whose caller (cron, CI) reads the exit code: 1 when a run failed.
            return failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs the gold models on <paramref name="schedule"/>, one line on stdout per run (as <c>jobs schedule</c> and <c>serve --jobs-cron</c> do).</summary>
    /// <param name="failed">Told of each run that failed (a model not built, or the run's own error), if given.</param>
    /// <param name="skipWithoutRun">
    /// Skip a fire time when no run has landed in the lake yet (<c>serve --jobs-cron</c>, whose folder may get its
    /// first run while it serves) rather than build the models over an empty lake and write the history there.
    /// </param>
    internal static JobScheduler Scheduler(CronSchedule schedule, ILakeStorage storage, GoldRunOptions run, TimeProvider time, Action? failed = null, bool skipWithoutRun = false) =>
        new(schedule, async (at, ct) =>
        {
            if (skipWithoutRun && !await LakeTables.AnyRunAsync(storage, ct))
            {
                Console.WriteLine($"jobs: run for {at:yyyy-MM-dd'T'HH:mm:ss'Z'} skipped: no run has landed in {storage.Root} yet (shopstream run --lake)");
                return;
            }

            var result = await new GoldRunner(storage, run, time).RunAsync(ct);
            Console.WriteLine($"jobs: run {result.RunId} for {at:yyyy-MM-dd'T'HH:mm:ss'Z'}: {(result.Interrupted ? "stopped" : result.Succeeded ? "ok" : "FAILED")}, "
                + $"{string.Join(", ", result.Models.Select(m => $"{m.Model} {m.Status}"))}; quality score {result.QualityScore.ToString("0.00", CultureInfo.InvariantCulture)}");
            if (!result.Succeeded && !result.Interrupted)
                failed?.Invoke();
        }, time)
        {
            OnError = (at, ex) =>
            {
                Console.Error.WriteLine($"shopstream: the run for {at:yyyy-MM-dd'T'HH:mm:ss'Z'} failed: {ex.Message}");
                failed?.Invoke();
            },
        };

    /// <summary>Prints each model's step and the checks; the exit code says whether everything passed.</summary>
    private static int Report(GoldRunResult result)
    {
        Console.WriteLine($"{"model",-18}  {"status",-10}  {"tries",5}  {"rows",10}  {"version",7}  note");
        foreach (var m in result.Models)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Model,-18}  {m.Status,-10}  {m.Attempts,5}  {m.Rows,10:N0}  {m.TableVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",7}  {m.Message}"));
        int passed = result.Checks.Count(c => c.Passed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checks: {result.Checks.Count} run, {passed} passed, quality score {result.QualityScore:0.00} (gold/dq_results, run {result.RunId})"));
        foreach (var c in result.Checks.Where(c => !c.Passed && !c.Check.Blocking))
            Console.WriteLine($"warning: check {c.Check.Name} on {c.Check.Table} failed (not blocking): {c.Observed}; expected {c.Expected}");
        if (result.Succeeded)
            return ExitCodes.Ok;
        foreach (var c in result.FailedBlockingChecks)
            Console.Error.WriteLine($"shopstream: blocking check {c.Check.Name} on {c.Check.Table} failed: {c.Observed}; expected {c.Expected}");
        foreach (var m in result.Models.Where(m => m.Status == ModelStatus.Failed))
            Console.Error.WriteLine(m.Attempts == 0
                ? $"shopstream: model {m.Model} failed before it ran: {m.Message}"
                : $"shopstream: model {m.Model} failed after {m.Attempts} {(m.Attempts == 1 ? "attempt" : "attempts")}: {m.Message}");
        // A superseded model's table stands (a newer run's): not a failure of this run.
        var notBuilt = result.Models.Where(m => !ModelStatus.Stands(m.Status)).ToList();
        Console.Error.WriteLine($"shopstream: jobs run {(result.Interrupted ? "stopped" : "failed")}: {notBuilt.Count} model(s) not built ({string.Join(", ", notBuilt.Select(m => $"{m.Model} {m.Status}"))})");
        return ExitCodes.Failed;
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException ex)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or DuckDbException or DeltaConflictException or InvalidOperationException or DllNotFoundException or UnauthorizedAccessException or NotSupportedException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }
}
