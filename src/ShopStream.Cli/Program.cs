using System.CommandLine;
using ShopStream.Cli.Commands;

namespace ShopStream.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("ShopStream: e-commerce event analytics, from raw shop events to customer profiles, in one program.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        return root;
    }
}
