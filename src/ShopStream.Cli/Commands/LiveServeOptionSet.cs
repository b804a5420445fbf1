using System.CommandLine;
using ShopStream.Api;
using ShopStream.Api.Collector;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>--serve [URL]</c> of <c>run</c> and <c>process</c>: the API of <c>shopstream serve</c> inside the processing
/// process, answering from the live state. Keys come from the environment as for <c>serve</c>; the other limits are
/// <c>serve</c>'s defaults.
/// </summary>
internal sealed class LiveServeOptionSet
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private readonly Option<string?> _serve = new("--serve")
    {
        Description = $"Also serve the API, dashboard and /metrics while processing, from the live state, then the finished results until Ctrl+C (default {DefaultUrl}; port 0: any free port). Keys from ${ServeCommand.WriteKeysVariable} and ${ServeCommand.ReadKeyVariable}",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "URL",
    };

    private readonly DurationOption _timeout = new(
        "--serve-timeout", "With --serve: how long a query waits for a partition to finish its batch before answering 503", "5s, 1m", TimeSpan.FromSeconds(5));

    public void AddTo(Command command)
    {
        command.Options.Add(_serve);
        command.Options.Add(_timeout.Option);
    }

    /// <summary>The server's options for a pipeline writing to <paramref name="outputPath"/>, or null without <c>--serve</c>; <see cref="ArgumentException"/> for bad values.</summary>
    public (ServeOptions Options, TimeSpan QueryTimeout)? Read(ParseResult parse, string outputPath)
    {
        if (parse.GetResult(_serve) is null)
        {
            // Said rather than ignored: a forgotten --serve would otherwise pass unnoticed.
            if (parse.GetResult(_timeout.Option) is { Implicit: false })
                throw new ArgumentException("--serve-timeout needs --serve");
            return null;
        }

        var timeout = _timeout.Read(parse);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5))
            throw new ArgumentException($"--serve-timeout must be more than 0 and at most 5m, got {parse.GetResult(_timeout.Option)?.Tokens.FirstOrDefault()?.Value ?? timeout.ToString()}");
        var options = new ServeOptions
        {
            OutDirectory = outputPath,
            Urls = (parse.GetValue(_serve) is { Length: > 0 } urls ? urls : DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            WriteKeys = KeySet.Read(null, Environment.GetEnvironmentVariable(ServeCommand.WriteKeysVariable), ServeCommand.WriteKeysVariable),
            ReadKey = ServeCommand.ReadKey(null),
        };
        options.Validate();
        return (options, timeout);
    }
}
