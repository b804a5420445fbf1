using System.CommandLine;
using ShopStream.Analytics.Reporting;
using ShopStream.Cli.Lake;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream report --out DIR</c>: the business report (Markdown and HTML) of a run's lake, after <c>jobs run</c>.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "A run's output folder: reads its lake (DIR/lake) and writes DIR/report.md and DIR/report.html", Required = true };
        var lake = new Option<string>("--lake") { Description = "Read this lake instead of DIR/lake: a folder or s3://bucket/prefix" };
        var command = new Command("report", "Write a business report (KPIs, funnel, segments, cohorts, top products, recommendations) as Markdown and HTML") { output, lake };
        command.SetAction(parse =>
        {
            try
            {
                string folder = parse.GetRequiredValue(output);
                if (File.Exists(folder))
                    throw new ArgumentException($"--out {folder} is a file: the report is written into a run's output folder");
                string root = parse.GetValue(lake) ?? Path.Combine(folder, "lake");
                PresentLake.Require(root, "run 'shopstream run --lake' and 'shopstream jobs run' first");
                var (data, recommendations) = BusinessReport.WriteAsync(LakeStorage.Open(root), folder).GetAwaiter().GetResult();
                if (data.StaleGold is { } stale)
                    Console.Error.WriteLine($"shopstream: warning: {stale.Facts}: the report's {stale.Figures} figures are older than its key figures (run '{stale.Remedy}' first)");
                Console.WriteLine($"report: {Path.Combine(folder, BusinessReport.MarkdownFile)}, {Path.Combine(folder, BusinessReport.HtmlFile)} ({data.ShortSpan}, {recommendations.Count} recommendations)");
                return ExitCodes.Ok;
            }
            catch (ArgumentException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }
            catch (InvalidOperationException ex)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or DuckDbException or DllNotFoundException or UnauthorizedAccessException)
            {
                return JobRunner.Fail(ExitCodes.Failed, ex);
            }
        });
        return command;
    }
}
