namespace ShopStream.Cli.Reporting;

/// <summary>
/// A run or ingest that read records and accepted none: almost always the wrong <c>--format</c> or a broken export.
/// Its results and rejects are written as usual (nothing is lost), but it exits 2 with one line, so a scheduled job
/// fails loudly instead of publishing empty numbers.
/// </summary>
internal static class EveryRecordRejected
{
    /// <returns><see cref="ExitCodes.BadInput"/> (the line written to stderr) when every record read was rejected, else <see cref="ExitCodes.Ok"/>.</returns>
    public static int ExitCode(long read, long accepted, string rejectedFile)
    {
        if (read == 0 || accepted > 0)
            return ExitCodes.Ok;
        Console.Error.WriteLine(
            $"shopstream: every record read was rejected ({read:N0}), so the results are empty: is the input in the format read (--format)? The records and their reasons are in {rejectedFile}");
        return ExitCodes.BadInput;
    }
}
