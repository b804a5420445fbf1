using System.CommandLine;
using System.Globalization;
using ShopStream.Cli.Lake;
using ShopStream.Core.Output;
using ShopStream.Core.Text;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream lake compact|vacuum|history</c>: upkeep and history of the data lake's tables.</summary>
internal static class LakeCommand
{
    public static Command Create()
    {
        var lake = new Command("lake", "Data lake upkeep: compact, vacuum, history");
        lake.Subcommands.Add(Compact());
        lake.Subcommands.Add(Vacuum());
        lake.Subcommands.Add(History());
        return lake;
    }

    // The run's tables and the gold jobs' (models, check results, run history): maintenance is the same for all.
    private static readonly IReadOnlyList<(string Path, string ViewName)> s_tables =
        [.. LakeTables.All.Select(t => (t.Path, t.ViewName)), .. ShopStream.Analytics.Jobs.GoldViews.Tables];

    private static Option<string> TableOption(bool required) => new("--table", "-t")
    {
        Description = "A table, by path or view name: " + string.Join(", ", s_tables.Select(t => t.Path)) + (required ? "" : " (default: all)"),
        Required = required,
    };

    private static Command Compact()
    {
        var table = TableOption(required: true);
        var root = new LakeRootOptions();
        var command = new Command("compact", "Merge a table's files into one per partition, in one commit (rows unchanged)") { table };
        root.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            string t = Table(parse.GetRequiredValue(table));
            var storage = LakeStorage.Open(root.Read(parse));
            string staging = ProcessTempFolder.Create("compact");
            try
            {
                using var db = DuckDbDatabase.Open();
                using var connection = db.Connect();
                connection.Execute("SET TimeZone = 'UTC'");
                var delta = new DeltaTable(storage, t);
                var snapshot = delta.SnapshotAsync().GetAwaiter().GetResult() ?? throw new ArgumentException($"{t}: the table has no commit yet");
                int before = snapshot.Files.Count;
                // Of the snapshot counted: the latest read again could be another compaction's, done meanwhile, and
                // this one said "nothing to compact (3 file(s) ...)" of the three files it had found.
                var commit = DeltaMaintenance.CompactAsync(connection, delta, staging, snapshot: snapshot).GetAwaiter().GetResult();
                Console.WriteLine(commit is null
                    ? $"{t}: nothing to compact ({before} file(s), at most one per partition)"
                    : $"{t}: version {commit.Version}: {before} files -> {before - commit.Removes.Count + commit.Adds.Count} ({commit.Removes.Count} merged into {commit.Adds.Count}), {snapshot.NumRecords:N0} rows");
            }
            finally
            {
                ProcessTempFolder.Delete(staging);
            }
        }));
        return command;
    }

    private static Command Vacuum()
    {
        var table = TableOption(required: false);
        var retain = new DurationOption(
            "--retain", "Keep files removed (or orphaned) less than this long ago; older versions may stop being readable", "7d, 12h, 0s", TimeSpan.FromDays(7));
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted, delete nothing" };
        var allowShort = new Option<bool>("--allow-short-retain")
        {
            Description = $"Take a --retain under {SafeRetainDays} days: only when nothing else writes to or reads the lake now (a run, compaction or query in progress may lose its files)",
        };
        var root = new LakeRootOptions();
        var command = new Command("vacuum", "Delete data files the tables no longer use (and orphans of failed writes) once older than --retain") { table, retain.Option, dryRun, allowShort };
        root.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            bool dry = parse.GetValue(dryRun);
            CheckRetain(retain.Read(parse), dry || parse.GetValue(allowShort));
            var storage = LakeStorage.Open(root.Read(parse, orphansOnly: true));
            bool all = parse.GetValue(table) is null;
            IEnumerable<string> paths = all ? s_tables.Select(t => t.Path) : [Table(parse.GetValue(table)!)];
            var cut = LakeCut.ResolveAsync(storage).GetAwaiter().GetResult();
            var damaged = new List<string>();
            foreach (string path in paths)
            {
                var delta = new DeltaTable(storage, path);
                try
                {
                    bool jobsTable = !LakeTables.All.Any(t => t.Path == path);
                    if (all && jobsTable && storage.ListAsync(path + "/").GetAwaiter().GetResult().Count == 0)
                        continue; // a jobs table no job has written to yet: not worth a line
                    long? shown = VersionIn(cut, path) is >= 0 and var v ? v : null;
                    // Each line as its file goes (standard output flushes every line): listed after the table's
                    // last, a Ctrl+C showed 4 of 124 files deleted.
                    var deleted = DeltaMaintenance.VacuumAsync(
                        delta, retain.Read(parse), DateTime.UtcNow, dry, shown, key => Console.WriteLine((dry ? "would delete " : "deleted ") + key)).GetAwaiter().GetResult();
                    Console.WriteLine($"{path}: {deleted.Count} file(s) {(dry ? "to delete" : "deleted")}");
                }
                catch (Exception ex) when (all && ex is InvalidDataException or FormatException)
                {
                    // A damaged log stops its own table's vacuum (what it holds is unknown), not the others' after it.
                    Console.Error.WriteLine($"shopstream: {path}: not vacuumed: {ErrorText.FirstParagraph(ex.Message)}");
                    damaged.Add(path);
                }
            }

            if (damaged.Count > 0)
                throw new InvalidDataException($"{damaged.Count} table(s) not vacuumed, their logs damaged: {string.Join(", ", damaged)}");
        }));
        return command;
    }

    // Delta's own retention check (168 hours): a file written but not yet committed, by a run, a compaction or a job
    // still writing, is an orphan to vacuum, as is a removed file an older version a query still reads uses; a short
    // --retain deleted a running run's files (it then stopped, not committed). Asked for, or for a dry run, it is taken.
    private const int SafeRetainDays = 7;

    private static void CheckRetain(TimeSpan retain, bool allowed)
    {
        if (retain < TimeSpan.FromDays(SafeRetainDays) && !allowed)
        {
            throw new ArgumentException(
                $"--retain {DurationText.Format(retain)} is under {SafeRetainDays} days: files a run, compaction or job is still writing (not yet committed) " +
                $"and those an older version a query is reading uses would be deleted. If nothing else writes to or reads the lake now, add --allow-short-retain");
        }
    }

    private static Command History()
    {
        var table = TableOption(required: true);
        var root = new LakeRootOptions();
        var command = new Command("history", "List a table's versions: time, operation, files added and removed, rows") { table };
        root.AddTo(command);
        command.SetAction(parse => Guard(() =>
        {
            string t = Table(parse.GetRequiredValue(table));
            var storage = LakeStorage.Open(root.Read(parse));
            var commits = new DeltaTable(storage, t).CommitsAsync().GetAwaiter().GetResult();
            // The version query, jobs and serve show (the last finished run's), marked when a later one is not shown.
            long? shown = ShownVersion(storage, t);
            bool mark = shown is { } s && commits.Count > 0 && commits[^1].Version > s;
            Console.WriteLine($"{"version",7}  {"time (UTC)",-24}  {"operation",-9}  {"added",5}  {"removed",7}  {"rows added",12}  parameters");
            foreach (var c in commits)
            {
                string time = DateTimeOffset.FromUnixTimeMilliseconds(c.Timestamp).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                string parameters = string.Join(" ", c.OperationParameters.Select(p => $"{p.Key}={p.Value}"));
                long rows = c.Adds.Sum(a => Math.Max(0, a.NumRecords));
                string note = !mark ? "" : c.Version == shown ? "  (shown: the last finished run's)" : c.Version > shown ? "  (not shown: after the last finished run)" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Version,7}  {time,-24}  {c.Operation,-9}  {c.Adds.Count,5}  {c.Removes.Count,7}  {rows,12:N0}  {parameters}{note}"));
            }

            if (commits.Count == 0)
                Console.WriteLine($"{t}: no versions yet");
        }));
        return command;
    }

    // None for a jobs' table, a lake from before runs recorded their versions, or a run summary whose log cannot be
    // read (its own history says so): then no version is marked.
    private static long? ShownVersion(ILakeStorage storage, string path)
    {
        try
        {
            return VersionIn(LakeCut.ResolveAsync(storage).GetAwaiter().GetResult(), path);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or NotSupportedException)
        {
            return null;
        }
    }

    // The version a cut shows of the run table at path; none for a jobs' table or one the cut leaves at its latest.
    private static long? VersionIn(IReadOnlyDictionary<LakeTable, long>? cut, string path) =>
        cut is not null && LakeTables.Find(path) is { } table && cut.TryGetValue(table, out long version) ? version : null;

    // The path of the table named by its path or view name.
    private static string Table(string name) =>
        s_tables.FirstOrDefault(t => t.Path == name.Trim('/') || t.ViewName == name).Path
        ?? throw new ArgumentException($"no lake table '{name}' (tables: {string.Join(", ", s_tables.Select(t => t.Path))})");

    private static int Guard(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (ArgumentException ex)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or DuckDbException or DeltaConflictException or InvalidOperationException or DllNotFoundException or UnauthorizedAccessException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex);
        }
    }
}
