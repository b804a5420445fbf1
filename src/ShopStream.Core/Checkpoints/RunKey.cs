using System.Text;
using System.Text.RegularExpressions;
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

    /// <summary>
    /// What differs between an earlier run's key (a checkpoint's) and this run's, briefly, for the refusal to resume:
    /// the first input that differs (its name, size, first 64 KiB or format), or up to three options (by their
    /// settings' names, as the checkpoint had them and as this run has them).
    /// </summary>
    public static string Difference(string earlier, string now)
    {
        string[] then = earlier.Split('\n'), here = now.Split('\n');
        for (int i = 0; i < Math.Min(then.Length, here.Length) - 1; i++)
        {
            if (then[i] != here[i])
                return then[i].StartsWith("log ", StringComparison.Ordinal) ? $"the event log: {then[i]} then, {here[i]} now" : $"input {i + 1}{InputDifference(then[i], here[i])}";
        }

        // The inputs in common are the same: the first one added or gone is named (it said only "more inputs").
        if (then.Length != here.Length)
        {
            int first = Math.Min(then.Length, here.Length) - 1;
            return then.Length < here.Length
                ? $"this run reads more inputs (input {first + 1}, {here[first].Split('\0')[0]}, is new)"
                : $"this run reads fewer inputs (input {first + 1}, {then[first].Split('\0')[0]}, is not read now)";
        }

        string[] before = Settings(then[^1]), after = Settings(here[^1]);
        if (before.Length != after.Length)
            return "other options";
        var changed = before.Zip(after).Where(p => p.First != p.Second).Take(3)
            .Select(p => $"{Name(p.First)} = {Value(p.First)} then, {Value(p.Second)} now").ToList();
        return changed.Count == 0 ? "other options" : "options " + string.Join("; ", changed);
    }

    private static string Name(string setting) => setting[..setting.IndexOf('=', StringComparison.Ordinal)].Trim();

    // A setting's value as an option takes it: a duration as 48h, not 2.00:00:00; none for a setting left unset (it
    // showed "StateHorizon = 00:30:00 then,  now").
    private static string Value(string setting)
    {
        string value = setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        if (value.Length == 0)
            return "none";
        return Regex.IsMatch(value, @"^-?(\d+\.)?\d\d:\d\d:\d\d(\.\d+)?$") && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var duration)
            ? Text.DurationText.Format(duration)
            : value;
    }

    // How an input file's line of the key (name, size, head checksum, format) changed.
    private static string InputDifference(string earlier, string now)
    {
        string[] then = earlier.Split('\0'), here = now.Split('\0');
        if (then.Length != 4 || here.Length != 4)
            return $": {earlier} then, {now} now";
        if (then[0] != here[0])
            return $": {then[0]} then, {here[0]} now";
        if (then[1] != here[1])
            return $" ({here[0]}): {Bytes(then[1])} then, {Bytes(here[1])} now";
        return then[2] != here[2] ? $" ({here[0]}): its first 64 KiB changed" : $" ({here[0]}): read as {then[3]} then, {here[3]} now";
    }

    private static string Bytes(string length) => $"{long.Parse(length, System.Globalization.CultureInfo.InvariantCulture):N0} bytes";

    // The options' record text as its settings ("Partitions = 4"), nested records' settings in line.
    private static string[] Settings(string options) =>
        [.. Regex.Split(options, @"\s*[{},]\s*").Where(s => s.Length > 0)];

    /// <summary>The key of processing <paramref name="log"/> (its identity and partitions).</summary>
    public static string OfLog(IEventLog log, PipelineOptions options) =>
        $"log {log.Identity} partitions={log.Partitions}\n{options with { Partitions = log.Partitions, ParseThreads = 1, BatchSize = 1 }}";
}
