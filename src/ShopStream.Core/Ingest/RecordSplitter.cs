using ShopStream.Core.Text;

namespace ShopStream.Core.Ingest;

/// <summary>
/// The splitting stage: reads every input in order, detects its format and skips its header, and cuts the
/// records into <see cref="RecordBlock"/>s. Cheap work (finding line ends and copying) so one thread keeps
/// several parse workers busy.
/// </summary>
/// <param name="handOnWhenStalled">Post a block before it is full when the input pauses (marked <see cref="RecordBlock.Stalled"/>), for live serving.</param>
/// <param name="holdUnterminatedTail">Leave out the last input's last line when no line break ends it, unless it is a stream or gzip (see <see cref="HeldTail"/>).</param>
internal sealed class RecordSplitter(
    IReadOnlyList<InputFile> inputs, InputFormat? format, ResumePoint? resume, Func<RecordBlock> rent, Action<RecordBlock> post,
    bool handOnWhenStalled = false, bool holdUnterminatedTail = false)
{
    private long _bytesRead;

    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>
    /// The first CSV record that ran to the end of its file inside a quoted field: a quote left open, which joins every
    /// line after it into that one record (RFC 4180 reads it so), then rejected (too_large, field_count), while the
    /// rows it swallowed count nowhere on their own.
    /// </summary>
    public OpenQuote? OpenQuote { get; private set; }

    /// <summary>
    /// The first input whose first record holds a carriage return alone (<c>\r</c> not before <c>\n</c>): a file with
    /// classic Mac line ends, which are no line ends here, so its lines ran together into one record.
    /// </summary>
    public string? BareCarriageReturns { get; private set; }

    /// <summary>
    /// The last input, when its last line, with no line break after it, was left out (when asked to): a file still being
    /// written ends mid-line, and an ingest that took that part as a record resumed after it once the file had grown,
    /// so the whole line never went in. Its line number, for the warning.
    /// </summary>
    /// <remarks>A CSV record still inside a quote at the end of the file is held back too, even after a line break: a
    /// quoted field may hold line breaks, so the file may have been cut inside one (InQuote, for the warning).</remarks>
    public (string Name, long Line, bool InQuote)? HeldTail { get; private set; }

    /// <summary>What the reading command should say of these (each a "shopstream: warning: ..." line), once reading is done.</summary>
    public IReadOnlyList<string> Warnings =>
    [
        .. HeldTail is { } tail
            ? [tail.InQuote
                ? $"shopstream: warning: the record at line {tail.Line} of {tail.Name} runs to the end of the file inside a quote, so it may still be being written: it is left for the next ingest of the file, which takes it once its quote closes (if the file is complete, a quote (\") left open joins every line after it into one record: mend the file and ingest it again)"
                : $"shopstream: warning: line {tail.Line} of {tail.Name} has no line break after it, so it may still be being written: it is left for the next ingest of the file, which takes it once a line break ends it (if the file is complete, add one: echo >> FILE)"]
            : Array.Empty<string>(),
        .. OpenQuote is { } quote ? [quote.Warning] : Array.Empty<string>(),
        .. BareCarriageReturns is { } name
            ? [$"shopstream: warning: {name} ends its lines with a carriage return alone (\\r), which is no line end here, so they ran together into one record; convert them (tr '\\r' '\\n') and read it again"]
            : Array.Empty<string>(),
    ];

    public void Run(CancellationToken cancellationToken)
    {
        long done = 0;
        for (int index = 0; index < inputs.Count; index++)
        {
            var input = inputs[index];
            if (resume is { } r && index < r.InputIndex)
            {
                done += input.Length ?? 0; // read to the end before: nothing to do again
                continue;
            }

            using var stream = input.Open(out var raw);
            using var records = new RecordReader(stream, csvQuotes: format is not null and not InputFormat.JsonLines);
            RecordBlock? block = null;
            bool first = true;
            byte[]? header = null;
            if (handOnWhenStalled)
            {
                records.BeforeWait = () =>
                {
                    if (block is not { Count: > 0 })
                        return;
                    var next = rent();
                    next.Reset(input, index, block.Format);
                    block.Stalled = true;
                    post(block);
                    block = next;
                };
            }

            while (true)
            {
                var status = Read(records, input);
                if (status == RecordStatus.End)
                    break;
                var record = records.Current;
                if (status == RecordStatus.Record && record.IsWhiteSpaceOnly())
                    continue; // a blank line carries no record (and does not hide the header after it)
                // Only the last input can still be being written: a file before it is whole, and its last line,
                // held back, would be passed over for good when the resume point moved on to the next file. A gzip
                // file being written reads as truncated (an input error) anyway, and a line break appended to a
                // whole one would be taken for a damaged member: its last line is read as ever.
                bool open = records.CsvQuotes && records.EndsInOpenQuote;
                // A file of CR-only line ends is one unterminated record that no line break will end: read (and
                // warned of below), not held back for ever without a word.
                if (holdUnterminatedTail && (records.Unterminated || open) && input.Length is not null && index == inputs.Count - 1 && ReferenceEquals(stream, raw)
                    && !(first && HasBareCarriageReturn(record, atEnd: false)))
                {
                    HeldTail ??= (input.Name, records.Line, open);
                    continue; // the reader's next status is End
                }

                if (first)
                {
                    first = false;
                    var detected = format ?? FormatDetector.Detect(record) ?? throw Undetectable(input, record);
                    records.CsvQuotes = detected != InputFormat.JsonLines;
                    block = rent();
                    block.Reset(input, index, detected);
                    // A file with CR-only line ends is all one record, over the size limit or not: it was taken for
                    // the header, and the whole file vanished without a count.
                    if (HasBareCarriageReturn(record))
                        BareCarriageReturns ??= input.Name;
                    else if (status == RecordStatus.Record && FormatDetector.IsHeader(detected, record))
                    {
                        if (FormatDetector.HeaderMismatch(detected, record) is { } wrong)
                            throw new InputException($"'{input.Name}': {wrong}");
                        header = FormatDetector.HeaderText(record).ToArray();
                        continue;
                    }
                }
                else if (status == RecordStatus.Record && header is not null && FormatDetector.HeaderText(record).SequenceEqual(header))
                {
                    continue; // the header again: files joined end to end (cat, or gzip members each with their own)
                }

                if (resume is { } at && index == at.InputIndex && records.Line <= at.Line)
                    continue; // delivered before the interruption

                var known = status == RecordStatus.TooLarge ? Validation.RejectReason.TooLarge : Validation.RejectReason.None;
                if (records.CsvQuotes && records.EndsInOpenQuote)
                    OpenQuote ??= new OpenQuote(input.Name, records.Line, records.Lines);
                if (block!.IsFull || !block.TryAdd(record, records.Line, records.RecordLength, known))
                {
                    var next = rent();
                    next.Reset(input, index, block.Format);
                    post(block);
                    block = next;
                    block.TryAdd(record, records.Line, records.RecordLength, known);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (raw.CanSeek)
                        Volatile.Write(ref _bytesRead, done + raw.Position);
                }
            }

            // A file with the same beginning but shorter than where reading resumes (an earlier cut of it): resuming
            // would read nothing and report the counts of rows it no longer holds.
            if (resume is { } from && index == from.InputIndex && records.Line < from.Line)
            {
                throw new InputException(
                    $"'{input.Name}' ends at line {records.Line}, before line {from.Line}, where reading it is to resume (as far as the log or checkpoint holds it): it is not the same input " +
                    "(a shorter file with the same beginning). Give the input that was being read, or start afresh (a new --out)");
            }

            // A file cut short while it was read (truncated, or rewritten in place) ends early: a shorter run that
            // looked complete, as a truncated gzip would have without its check.
            if (input.Length is { } size && raw.CanSeek && raw.Position < size)
            {
                throw new InputException(
                    $"'{input.Name}' ended after {raw.Position:N0} of the {size:N0} bytes it had when the run began: it was cut short while being read (truncated or rewritten); run again once it is whole");
            }

            if (block is { Count: > 0 })
                post(block);
            done += input.Length ?? 0;
            Volatile.Write(ref _bytesRead, done);
        }
    }

    // A carriage return without a line feed after it. One that ends the record counts only with atEnd: a CRLF line
    // still being written may end in its \r, its \n not there yet.
    private static bool HasBareCarriageReturn(ReadOnlySpan<byte> record, bool atEnd = true)
    {
        int cr = record.IndexOf((byte)'\r');
        return cr >= 0 && (cr + 1 == record.Length ? atEnd : record[cr + 1] != '\n');
    }

    /// <summary>
    /// Refuses a file whose format cannot be told from its first record, or whose header is its format's with other
    /// columns, as reading it would, before a run changes anything: a run found it only once reading, after it had
    /// removed the folder's summary.json.
    /// </summary>
    /// <exception cref="InputException">The first record is of no format, or the file cannot be read.</exception>
    /// <param name="given">The format given (--format), if any: then only a header of that format is checked.</param>
    public static void CheckDetectable(InputFile input, InputFormat? given = null)
    {
        var format = DetectFirstRecord(input, out bool found, out string? problem);
        if (given is null && format is null && found)
            throw Undetectable(input, problem);
        if (format is not null && problem is not null && (given ?? format) == format)
            throw new InputException($"'{input.Name}': {problem}");
    }

    /// <summary>
    /// The format reading <paramref name="input"/> detects: its first record that is not blank. Null for a stream (not
    /// read ahead: it would be consumed), a file without such a record (<paramref name="found"/> false) or one of no format.
    /// </summary>
    /// <exception cref="InputException">The file cannot be read.</exception>
    public static InputFormat? FirstRecordFormat(InputFile input, out bool found) => DetectFirstRecord(input, out found, out _);

    // problem: for a first record of no format, what it looks like (FormatDetector.HeaderHint); for a format's header
    // with other columns, what is wrong with it (FormatDetector.HeaderMismatch). Said in the error.
    private static InputFormat? DetectFirstRecord(InputFile input, out bool found, out string? problem)
    {
        found = false;
        problem = null;
        if (input.Path is null)
            return null;
        using var stream = input.Open(out var raw);
        using var file = raw; // under a gzip reader too
        using var records = new RecordReader(stream, csvQuotes: false);
        while (Read(records, input) is var status && status != RecordStatus.End)
        {
            if (status == RecordStatus.Record && records.Current.IsWhiteSpaceOnly())
                continue;
            found = true;
            var format = FormatDetector.Detect(records.Current);
            problem = format is null ? FormatDetector.HeaderHint(records.Current)
                // A file of CR-only line ends is one record, not a header: read, it is rejected with its own warning.
                // A first line over the size limit is a too_large record, never the header (its prefix alone is here).
                : status == RecordStatus.Record && FormatDetector.IsHeader(format.Value, records.Current) && !HasBareCarriageReturn(records.Current)
                    ? FormatDetector.HeaderMismatch(format.Value, records.Current)
                : null;
            return format;
        }

        return null;
    }

    private static InputException Undetectable(InputFile input, ReadOnlySpan<byte> firstRecord) => Undetectable(input, FormatDetector.HeaderHint(firstRecord));

    private static InputException Undetectable(InputFile input, string? hint) =>
        new($"cannot tell the format of '{input.Name}' from its first line; " + (hint ?? "pass --format rees46|orders|jsonl"));

    private static RecordStatus Read(RecordReader records, InputFile input)
    {
        try
        {
            return records.Read();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new InputException($"error reading '{input.Name}' after line {records.Line}: {ex.Message}", ex);
        }
    }
}
