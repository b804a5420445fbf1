using System.Globalization;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using Spectre.Console;

namespace ShopStream.Cli.Reporting;

/// <summary>The short human report printed after a run: counts, revenue, conversion, segments.</summary>
internal static class RunReport
{
    /// <param name="lake">The data lake this run wrote (its root), if it wrote one.</param>
    /// <param name="processed">
    /// The events a <c>process</c> processed: the rate is of these, and when the results cover more events (it resumed
    /// from checkpoints, or is one instance of a group), the line says how many.
    /// </param>
    /// <param name="whole">
    /// False when the results miss events the log holds (partitions left behind, records retention deleted): the line
    /// on what was processed then says so, not that they cover every event accepted.
    /// </param>
    public static void Print(IAnsiConsole console, RunSummary s, string outputPath, TimeSpan elapsed, string? lake = null, long? processed = null, bool whole = true)
    {
        var counts = new Table().Border(TableBorder.Rounded).Title("[bold]ShopStream run[/]")
            .AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        Row(counts, "events read", s.EventsRead);
        Row(counts, "accepted", s.EventsAccepted);
        Row(counts, "rejected", s.EventsRejected);
        Row(counts, "duplicates dropped", s.DuplicatesDropped);
        if (s.LateEvents > 0)
            Row(counts, "late (beyond allowed disorder)", s.LateEvents);
        if (s.LateEventsDropped > 0)
            Row(counts, "left out of windows (beyond lateness)", s.LateEventsDropped);
        foreach (var (type, n) in s.EventsByType)
            Row(counts, "  " + type, n);
        Row(counts, "users", s.Users);
        Row(counts, "sessions", s.Sessions);
        Row(counts, "sessions with purchase", s.SessionsWithPurchase);
        Row(counts, "purchasing users", s.PurchasingUsers);
        counts.AddRow("revenue", s.Revenue.ToString("N2", CultureInfo.InvariantCulture));
        counts.AddRow("session conversion", Percent(s.SessionsWithPurchase, s.Sessions));
        counts.AddRow("user conversion", Percent(s.PurchasingUsers, s.Users));

        var segments = new Table().Border(TableBorder.Rounded).Title("[bold]segments[/]")
            .AddColumn("segment").AddColumn(new TableColumn("users").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var (name, n) in s.Segments)
            segments.AddRow(name, n.ToString("N0", CultureInfo.InvariantCulture), Percent(n, s.Users));

        console.Write(new Columns(counts, segments) { Expand = false });
        if (s.EventsRejected > 0)
        {
            var reasons = string.Join(", ", s.RejectedByReason.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value:N0}"));
            console.MarkupLineInterpolated($"[yellow]rejected records by reason:[/] {reasons}");
        }

        long events = processed ?? s.EventsRead;
        double rate = elapsed.TotalSeconds > 0 ? events / elapsed.TotalSeconds : 0;
        string covered = !whole ? $"; the results miss some of the {s.EventsAccepted:N0} events accepted (see the warnings above)"
            : processed is null || processed == s.EventsAccepted ? "" : $"; the results cover all {s.EventsAccepted:N0} events accepted";
        console.MarkupLineInterpolated($"{events:N0} events in {elapsed.TotalSeconds:F2} s ({rate:N0} events/s){covered}");
        var tables = Directory.GetFiles(outputPath, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        // Named only where this command wrote them: process leaves rejects where its ingest put them (and late events
        // in rejected/late-pN.jsonl).
        var rejected = new RunDirectory(outputPath).RejectedFile;
        string rejects = File.Exists(rejected) ? $"; rejected records in {Path.GetRelativePath(outputPath, rejected)}" : "";
        string lakeNote = lake is null ? "" : $"; data lake in {lake}";
        console.MarkupLineInterpolated($"outputs: [bold]{outputPath}[/]: summary.json, {string.Join(", ", tables)}{rejects}{lakeNote}");
    }

    private static void Row(Table t, string name, long value) => t.AddRow(name, value.ToString("N0", CultureInfo.InvariantCulture));

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
