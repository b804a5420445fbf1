using System.Text.Json;
using ShopStream.Lake.Delta;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tables;

/// <summary>
/// The versions of a run's tables that belong together. Delta commits one table at a time, so a run killed between
/// its commits (or whose upload failed half way) leaves some tables at the new run and the others at the old one:
/// bronze 497,496 rows against silver's 4,997. A run therefore commits <c>gold/run_summary</c> last, with the versions
/// it gave every other table in that commit's <c>userMetadata</c>; ShopStream's readers show those versions (and the
/// compactions after them, which keep the rows), so a run that did not finish shows none of its commits.
/// </summary>
public static class LakeCut
{
    private const string TablesProperty = "runTables";
    private const string RunProperty = "shopstreamRun";

    /// <summary>
    /// The <c>userMetadata</c> of a run's commit: a mark that a run made it, and on the run's last commit the version
    /// of each of its tables (null for the others).
    /// </summary>
    public static string Describe(IReadOnlyDictionary<LakeTable, long>? versions)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean(RunProperty, true);
            if (versions is not null)
            {
                json.WriteStartObject(TablesProperty);
                foreach (var (table, version) in versions.OrderBy(v => v.Key.Path, StringComparer.Ordinal))
                    json.WriteNumber(table.Path, version);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The version to show of each run table: those of the last run that finished (at or before <paramref name="asOf"/>
    /// when given), each moved on over the compactions since. When no run had finished by then, -1 (no version) for a
    /// table whose latest commit a run made (a first run killed before its last commit shows nothing), and the latest
    /// of one an older build wrote, which made no such mark (and, before the run summary existed, no summary either).
    /// Null when the last run did not record its versions (an older build's): each table's latest then stands.
    /// </summary>
    /// <param name="tables">The tables wanted (default: every run table); the others are not read.</param>
    /// <exception cref="InvalidDataException">The run summary's log cannot be read.</exception>
    /// <exception cref="FormatException">The run summary's log cannot be read.</exception>
    public static async Task<IReadOnlyDictionary<LakeTable, long>?> ResolveAsync(
        ILakeStorage storage, DateTime? asOf = null, IReadOnlyCollection<LakeTable>? tables = null, CancellationToken cancellationToken = default)
    {
        long until = asOf is { } time ? new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeMilliseconds() : long.MaxValue;
        var summaries = LakeTables.GoldRunSummary.Open(storage);
        // From the newest back, over compactions only: a server asks every few seconds, and the last run's commit is
        // nearly always the newest. A run's commit without the versions (an older build's) ends the search: its
        // tables stand on their own, as they did.
        Dictionary<string, long>? pinned = null;
        foreach (long v in (await summaries.VersionsAsync(cancellationToken).ConfigureAwait(false)).Reverse())
        {
            var commit = await summaries.ReadCommitAsync(v, cancellationToken).ConfigureAwait(false);
            var versions = Mark(commit).Tables;
            if (commit.Timestamp > until || (commit.KeepsData && versions is null))
                continue;
            if (versions is null)
                return null;
            pinned = versions;
            pinned[LakeTables.GoldRunSummary.Path] = commit.Version;
            break;
        }

        var wanted = tables ?? LakeTables.All;
        if (pinned is null)
            return await UnfinishedAsync(storage, wanted, until, cancellationToken).ConfigureAwait(false);

        var cut = new Dictionary<LakeTable, long>();
        foreach (var table in wanted)
        {
            if (pinned.TryGetValue(table.Path, out long version))
                cut[table] = await CompactedSinceAsync(table.Open(storage), version, until, cancellationToken).ConfigureAwait(false);
            // else: not one of that run's tables, whose latest stands
        }

        return cut;
    }

    // No run has finished: the tables a run committed to show nothing; those an older build wrote stand as they are.
    private static async Task<Dictionary<LakeTable, long>> UnfinishedAsync(ILakeStorage storage, IReadOnlyCollection<LakeTable> wanted, long until, CancellationToken cancellationToken)
    {
        var cut = new Dictionary<LakeTable, long>();
        foreach (var table in wanted)
        {
            var delta = table.Open(storage);
            foreach (long v in (await delta.VersionsAsync(cancellationToken).ConfigureAwait(false)).Reverse())
            {
                var commit = await delta.ReadCommitAsync(v, cancellationToken).ConfigureAwait(false);
                if (commit.Timestamp > until)
                    continue;
                if (Mark(commit).Run)
                    cut[table] = -1;
                break;
            }
        }

        return cut;
    }

    // The version moved on over the compactions right after it, read one commit at a time: a later run's data
    // change, a gap in the log or a damaged entry stops it there (that table's own reads then say what is wrong).
    private static async Task<long> CompactedSinceAsync(DeltaTable table, long version, long until, CancellationToken cancellationToken)
    {
        foreach (long next in (await table.VersionsAsync(cancellationToken).ConfigureAwait(false)).Where(v => v > version))
        {
            if (next != version + 1)
                break;
            DeltaCommit later;
            try
            {
                later = await table.ReadCommitAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or NotSupportedException)
            {
                break;
            }

            if (!later.KeepsData || later.Timestamp > until)
                break;
            version = next;
        }

        return version;
    }

    // A commit's userMetadata as a run wrote it: its mark, and on its last commit the versions of its tables. Anything
    // else (none, someone else's metadata) is no run's.
    private static (bool Run, Dictionary<string, long>? Tables) Mark(DeltaCommit commit)
    {
        if (commit.UserMetadata is not { } text)
            return (false, null);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (false, null);
            var tables = root.TryGetProperty(TablesProperty, out var t) && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal)
                : null;
            return (root.TryGetProperty(RunProperty, out _), tables);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return (false, null);
        }
    }
}
