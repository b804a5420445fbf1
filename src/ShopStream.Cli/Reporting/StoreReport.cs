using ShopStream.Postgres;
using Spectre.Console;

namespace ShopStream.Cli.Reporting;

/// <summary>The run report's line on what <c>run --store</c> published.</summary>
internal static class StoreReport
{
    public static void Print(IAnsiConsole console, string store, PublishResult published)
    {
        var tables = new[] { published.Profiles, published.Sessions, published.HourlyMetrics, published.MinuteMetrics };
        // Most publications remove nothing (a merge removes only sessions it replaces), and "0 removed" would only puzzle.
        long removed = tables.Sum(t => t.Removed);
        string removedText = removed > 0 ? $"; {removed:N0} rows of earlier runs removed" : "";
        console.MarkupLineInterpolated(
            $"published to {store} (version {published.Version}): {published.Profiles.Upserted:N0} of {published.Profiles.Copied:N0} profiles, {published.Sessions.Upserted:N0} of {published.Sessions.Copied:N0} sessions, {published.HourlyMetrics.Upserted:N0} hourly and {published.MinuteMetrics.Upserted:N0} minute windows upserted{removedText}");
    }
}
