using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// What makes two runs the same run, for resuming one from the other's checkpoint: the inputs (names, sizes and a
/// checksum of their first 64 KiB, as <see cref="InputIdentity"/>, in order: a file replaced by other rows of the
/// same size is another input), each input's format as read (given or detected alike: <c>--format rees46</c> on a
/// resume of a run that detected rees46 is the same run), and every option that changes results. Parse threads and
/// batch size do not change results, so a resumed run may use others.
/// </summary>
public static class RunKey
{
    /// <summary>The key, or null when an input has no known size (stdin): such a run cannot be resumed.</summary>
    public static string? Of(IReadOnlyList<InputFile> inputs, InputFormat? format, PipelineOptions options)
    {
        var key = new StringBuilder();
        foreach (var input in inputs)
        {
            if (input.Length is not { } length)
                return null;
            var identity = InputIdentity.Of(input, format);
            key.Append(input.Name).Append('\0').Append(length).Append('\0').Append(identity.Head).Append('\0')
                .Append(identity.Format?.ToString() ?? "undetected").Append('\n');
        }

        key.Append(options with { ParseThreads = 1, BatchSize = 1 });
        return key.ToString();
    }

    /// <summary>The key of processing <paramref name="log"/> (its identity and partitions).</summary>
    public static string OfLog(IEventLog log, PipelineOptions options) =>
        $"log {log.Identity} partitions={log.Partitions}\n{options with { Partitions = log.Partitions, ParseThreads = 1, BatchSize = 1 }}";
}
