using System.CommandLine;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;

using ShopStream.Postgres;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream run --input PATH [--format rees46|orders|jsonl] --out DIR</c>: the main job.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i")
        {
            Description = "Event file, folder of files, or - for standard input (.gz is read transparently)",
            Required = true,
        };
        var format = new Option<string>("--format", "-f") { Description = "rees46, orders or jsonl (default: detected from the first line)" };
        format.AcceptOnlyFromAmong("rees46", "orders", "jsonl");
        var output = new Option<string>("--out", "-o") { Description = "Output folder for summary.json, profiles, sessions and rejected records", Required = true };
        var options = new PipelineOptionSet();
        var checkpoints = new CheckpointOptionSet();
        var spill = new SpillOptionSet();
        var lake = new LakeOptionSet();
        var serve = new LiveServeOptionSet();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No report and no progress bar" };
        var inventory = new Option<string>("--inventory") { Description = "Inventory changes (JSON lines, as `generate --inventory` writes them): stock per product and warehouse, low-stock alerts" };

        var profilesOnly = new Option<bool>("--profiles-only")
        {
            Description = "Only the core job: summary.json, profiles and sessions (no windows, product metrics, trending, orders or alerts are computed)",
        };

        var store = new Option<string>("--store")
        {
            Description = "Also publish the results to a PostgreSQL serving store: postgres://user[:password]@host[:port]/database (password also from PGPASSWORD)",
        };

        var storeReplace = new Option<bool>("--store-replace")
        {
            Description = "With --store: the store then holds this run alone (rows of earlier runs that this one lacks are deleted, in the same transaction). Without it they are kept, and a row is only replaced by a run with later events",
        };

        var command = new Command("run", "Validate, process and summarise a shop's event file as an event-time stream") { input, format, output, quiet, inventory, store, storeReplace, profilesOnly };
        options.AddTo(command);
        checkpoints.AddTo(command);
        spill.AddTo(command);
        lake.AddTo(command);
        serve.AddTo(command);
        command.SetAction(parse =>
        {
            string outputPath = parse.GetRequiredValue(output);
            string? lakeRoot;
            PipelineOptions pipeline;
            LiveServing? serving;
            try
            {
                lakeRoot = lake.Read(parse, outputPath);
                var live = serve.Read(parse, outputPath);
                pipeline = spill.Apply(parse, options.Read(parse), outputPath, liveServing: live is not null);
                if (parse.GetValue(profilesOnly))
                {
                    if (lakeRoot is not null || live is not null || parse.GetValue(store) is not null || parse.GetValue(inventory) is not null)
                        throw new ArgumentException("--profiles-only computes no analytics, which --lake, --serve, --store and --inventory publish; drop one or the other");
                    pipeline = pipeline with { Analytics = false };
                }

                if (parse.GetValue(storeReplace) && parse.GetValue(store) is null)
                    throw new ArgumentException("--store-replace says how to publish to a store: give --store too");
                serving = live is { } s ? LiveServing.Start(s.Options, s.QueryTimeout, "run") : null;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                return JobRunner.Fail(ExitCodes.BadInput, ex); // a bad option, or the port is in use
            }

            using (serving)
            {
                int code = JobRunner.Run(
                    parse.GetRequiredValue(input),
                    FormatDetector.ParseName(parse.GetValue(format)),
                    outputPath,
                    pipeline,
                    parse.GetValue(quiet),
                    inventory: parse.GetValue(inventory),
                    checkpoints: checkpoints.Read(parse),
                    store: parse.GetValue(store) is { } url ? (url, parse.GetValue(storeReplace) ? PublishMode.Replace : PublishMode.Merge) : null,
                    lake: lakeRoot,
                    live: serving?.Pipeline);
                if (serving is null || code != ExitCodes.Ok)
                    return code;
                serving.ServeFinished(outputPath);
                serving.WaitForStop();
                return code;
            }
        });
        return command;
    }
}
