namespace ShopStream.Cli.Reporting;

/// <summary>
/// What a run or ingest says of its input on stderr when its results lack what the input seemed to hold, even with
/// <c>--quiet</c>. The reader's framing warnings come first (a quote left open, CR-only line ends: rows that count as
/// one record, in a run that may look complete). An input that held no records
/// (an empty file, or a header alone) is a warning, not an error (a quiet hour's export may hold only its header),
/// but an empty file from a broken export published zeros unnoticed; one that read records and accepted none (almost
/// always the wrong <c>--format</c> or a broken export) exits 2, its results and rejects written as usual (nothing is
/// lost), so a scheduled job fails loudly instead of publishing empty numbers.
/// </summary>
internal static class InputOutcome
{
    /// <summary>Whether the input held records and every one was rejected: the run then fails, and publishes nothing.</summary>
    public static bool AcceptedNone(long read, long accepted) => read > 0 && accepted == 0;

    /// <param name="leftAsItWas">For such a run, what it did not publish to (a store, a log), said on the same line.</param>
    /// <param name="heldLine">An ingest held back the last line (its warning says so): no records read is no empty file then.</param>
    /// <param name="emptyLeftAsItWas">
    /// Whether an input of no records left <paramref name="leftAsItWas"/> as it was too, said on its warning: a run's
    /// store, which it does not publish to then, but not an ingest's log or topic, which it may have made.
    /// </param>
    /// <returns><see cref="ExitCodes.BadInput"/> (the line written to stderr) when every record read was rejected, else <see cref="ExitCodes.Ok"/>.</returns>
    public static int ExitCode(long read, long accepted, string rejectedFile, IReadOnlyList<string> warnings, string? leftAsItWas = null, bool heldLine = false, bool emptyLeftAsItWas = false)
    {
        foreach (string warning in warnings)
            Console.Error.WriteLine(warning);
        if (read == 0 && heldLine)
            return ExitCodes.Ok; // it said "an empty file, or a header alone" of a file whose one record was being written
        if (read == 0)
        {
            Console.Error.WriteLine("shopstream: warning: the input held no records (an empty file, or a header alone), so the results are empty"
                + (leftAsItWas is null || !emptyLeftAsItWas ? "" : $"; nothing was published to {leftAsItWas}, which is left as it was"));
            return ExitCodes.Ok;
        }

        if (!AcceptedNone(read, accepted))
            return ExitCodes.Ok;
        Console.Error.WriteLine(
            $"shopstream: every record read was rejected ({read:N0}), so the results are empty: is the input in the format read (--format)? The records and their reasons are in {rejectedFile}"
            + (leftAsItWas is null ? "" : $"; nothing was published to {leftAsItWas}, which is left as it was"));
        return ExitCodes.BadInput;
    }
}
