using ShopStream.Core.Log;
using Spectre.Console;

namespace ShopStream.Cli.Reporting;

/// <summary>The lines an ingest's report shares, into the embedded log or a Kafka topic: where it resumed or began, and what it read.</summary>
internal static class IngestReport
{
    /// <param name="appended">What the log did with the events: "appended", or "published" for a topic.</param>
    /// <param name="resumedNote">Said after where a resumed ingest began, if anything.</param>
    public static void Print(IAnsiConsole console, IngestResult r, TimeSpan elapsed, string appended, string resumedNote = "")
    {
        if (r.ResumedAfter is { } at)
            console.MarkupLineInterpolated($"resumed after line {at.Line} of input #{at.InputIndex + 1}{resumedNote}");
        if (r.DeadLettersCut > 0)
        {
            console.MarkupLineInterpolated(
                $"dead letters: {r.DeadLettersCut:N0} records written after the log's last block were cut from the rejected file (written by an ingest killed before appending their block, or in blocks without an accepted record, which append nothing to the log: a resume reads their lines again, and an ingest of other inputs leaves them out, as the log never held them)");
        }

        if (r.NewInputs && r.Appended > 0)
            console.MarkupLineInterpolated($"new inputs: appended after the log's earlier ones (its ingest of new inputs #{r.Epoch + 1})");
        console.MarkupLineInterpolated(
            $"read {r.Read:N0} record{(r.Read == 1 ? "" : "s")}: {r.Accepted:N0} accepted, {r.Rejected:N0} rejected; {appended} {r.Appended:N0} events in {elapsed.TotalSeconds:F2} s");
    }
}
