using System.CommandLine;
using System.CommandLine.Parsing;
using ShopStream.Cli.Commands;
using ShopStream.Cli.Commands.Kafka;

namespace ShopStream.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        UsePlainOutputWhenRedirected();
        var parse = BuildRoot().Parse(args);
        // Signals are the commands' own (StopSignals): System.CommandLine's handler held the process after Ctrl+C
        // whether or not the command was listening. Errors no command caught are one line too (UnexpectedError).
        if (parse.Errors.Count == 0)
        {
            try
            {
                return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
            }
            catch (Exception ex)
            {
                return UnexpectedError.Exit(ex);
            }
        }


        // A bad command line is bad input: one line and exit 2 (System.CommandLine alone prints help and returns 1).
        var path = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
            path.Insert(0, c.Command.Name);
        path[0] = "shopstream";
        // An unknown word also leaves its command without a subcommand: the unknown word is the one to name.
        var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized command", StringComparison.Ordinal)) ?? parse.Errors[0];
        Console.Error.WriteLine($"shopstream: {ParseErrorText.Of(error.Message)} (see '{string.Join(' ', path)} --help')");
        return ExitCodes.BadInput;
    }

    // Spectre colours its output whenever TERM allows, into a pipe or a file too, and lays tables out in 80 columns
    // there: `shopstream query ... | less` showed escape codes and columns one character wide. Output that does not go
    // to a terminal gets no escape codes and the width $COLUMNS says, or room enough for any table.
    private static void UsePlainOutputWhenRedirected()
    {
        if (!Console.IsOutputRedirected)
            return;
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            Interactive = Spectre.Console.InteractionSupport.No,
        });
        console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : 1000;
        Spectre.Console.AnsiConsole.Console = console;
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("ShopStream: e-commerce event analytics, from raw shop events to customer profiles, in one program.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ProcessCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(LakeCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KafkaCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        RefuseEmptyFolders(root);
        return root;
    }

    // An empty --out or --from (a script's unset $OUT) named the current folder: ingest wrote its log there and
    // process read one from there, exit 0; run said .NET's "The value cannot be an empty string. (Parameter 'path')".
    private static void RefuseEmptyFolders(Command command)
    {
        foreach (var option in command.Options.OfType<Option<string>>().Concat<Option>(command.Options.OfType<Option<string?>>()))
        {
            if (option.Name is not ("--out" or "--from"))
                continue;
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
                    result.AddError($"{option.Name} is empty: give a folder");
            });
        }

        foreach (var sub in command.Subcommands)
            RefuseEmptyFolders(sub);
    }
}
