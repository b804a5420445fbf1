using System.CommandLine;
using System.Text.Json;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>shopstream export profiles --out DIR</c>: a finished run's profiles as CSV on stdout, sorted by user_id. Only
/// from a finished run (its <c>summary.json</c>, written last), and only whole: the file must begin with the profiles
/// header and hold as many rows as the summary counts users, or the exit code says it did not (the rows already
/// printed cannot be taken back, so the check is made as they go).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "The run's output folder", Required = true };
        var profiles = new Command("profiles", "Print the profiles of a finished run as CSV sorted by user_id") { output };
        profiles.SetAction(parse => Export(parse.GetRequiredValue(output)));
        return new Command("export", "Print a finished run's outputs") { profiles };
    }

    private static int Export(string folder)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(folder))
                throw new ArgumentException("--out is empty: give the run's output folder");
            if (File.Exists(folder))
                throw new ArgumentException($"--out {folder} is a file: give the run's output folder (the one holding summary.json)");
            var run = new RunDirectory(folder);
            if (!File.Exists(run.SummaryFile))
                throw new FileNotFoundException($"no finished run in '{run.Path}': summary.json not found (run 'shopstream run --out DIR' first; a run writes it last, so a run stopped early has none)");
            if (!File.Exists(run.ProfilesFile))
                throw new FileNotFoundException($"no profiles in '{run.Path}': profiles.csv not found beside its summary.json");
            long users = ReadSummary(run.SummaryFile).Users;
            using var source = File.OpenRead(run.ProfilesFile);
            using var stdout = Console.OpenStandardOutput();
            var (rows, whole) = CopyCountingRows(source, stdout);
            if (!whole || rows != users)
            {
                throw new InvalidDataException(
                    $"'{run.ProfilesFile}' holds {rows:N0} whole rows where summary.json counts {users:N0} users{(whole ? "" : ", and its last row is cut short")}: " +
                    "it is damaged, or from another run than the summary (one stopped while writing its results); run again to write both");
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException)
        {
            return JobRunner.Fail(ExitCodes.BadInput, ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return JobRunner.Fail(ExitCodes.Failed, ex); // also a full or closed standard output
        }
    }

    private static RunSummary ReadSummary(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return SummaryJson.Read(stream);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{file}' cannot be read as a run summary: {ex.Message}", ex);
        }
    }

    // Rows after the header, counted by their line ends outside quoted fields (a brand may hold a line break, quoted)
    // as they are copied; whether the file ends with one. Whole rows only are copied: a last row cut short is not
    // printed (it was, without its line end, before the error).
    private static (long Rows, bool Whole) CopyCountingRows(Stream source, Stream destination)
    {
        var buffer = new byte[1 << 16];
        int filled = source.ReadAtLeast(buffer, ProfilesCsv.Header.Length + 1, throwOnEndOfStream: false);
        var head = buffer.AsSpan(0, filled);
        if (!head.StartsWith(ProfilesCsv.Header) || filled == ProfilesCsv.Header.Length || head[ProfilesCsv.Header.Length] != (byte)'\n')
            throw new InvalidDataException($"'{((FileStream)source).Name}' does not begin with the profiles header ({System.Text.Encoding.UTF8.GetString(ProfilesCsv.Header)}): it is not a run's profiles file, or it is damaged");
        long lineEnds = 0;
        bool quoted = false;
        int scanned = 0;
        while (true)
        {
            // Quotes and line ends only: a doubled quote inside a field flips twice, so it leaves the state as it was.
            int rowsEnd = 0;
            for (int at = scanned; at < filled; at++)
            {
                int next = buffer.AsSpan(at, filled - at).IndexOfAny((byte)'"', (byte)'\n');
                if (next < 0)
                    break;
                at += next;
                if (buffer[at] == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (!quoted)
                {
                    lineEnds++;
                    rowsEnd = at + 1;
                }
            }

            destination.Write(buffer, 0, rowsEnd);
            buffer.AsSpan(rowsEnd, filled - rowsEnd).CopyTo(buffer);
            filled -= rowsEnd;
            scanned = filled;
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2); // one row longer than the buffer
            int read = source.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
                return (lineEnds - 1, filled == 0 && !quoted);
            filled += read;
        }
    }
}
