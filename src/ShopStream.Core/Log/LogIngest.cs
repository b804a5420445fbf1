using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Log;

/// <summary>
/// Validates a run's inputs and appends the accepted events to an event log, partitioned by user; rejected records
/// go to a dead-letter file. Each block of input becomes one append per partition (an empty one where a partition
/// got no events), carrying an <see cref="IngestPosition"/>. An interrupted ingest, run again, resumes after the
/// block that every partition has, truncates the dead letters to what that block left, and skips the appends a
/// partition already holds: no row is appended twice, none is lost, and the log ends record for record as an
/// uninterrupted ingest leaves it (blocks are cut alike from a block boundary; only the batches' append times
/// differ). Each position names the input it ends in (<see cref="InputIdentity"/>), so inputs that differ from the
/// ones the log holds are refused rather than taken for a resume of them (which would skip their first rows).
/// </summary>
public sealed class LogIngest(IReadOnlyList<InputFile> inputs, InputFormat? format, IEventLog log, string deadLetterFile, int parseThreads = 1, int batchSize = 4096)
{
    /// <summary>Sees every accepted event (see <see cref="IIngestObserver"/>); a resume then reads from the start.</summary>
    public IIngestObserver? Observer { get; init; }

    /// <summary>
    /// The caller says a stream input (standard input) is the stream the log's position ends in, so it resumes
    /// there. A file's head is checked; a stream cannot be read twice, so without this it is refused, as a different
    /// one (a new day's data piped in) would lose its first rows to the resume.
    /// </summary>
    public bool SameStream { get; init; }

    /// <summary>The reader once <see cref="Run"/> has started (for progress).</summary>
    public EventReader? Reader { get; private set; }

    public IngestResult Run(CancellationToken cancellationToken = default)
    {
        int partitions = log.Partitions;
        var have = new IngestPosition?[partitions];
        for (int p = 0; p < partitions; p++)
            have[p] = log.LastSourcePosition(p) is { } bytes ? IngestPosition.FromBytes(bytes) : null;

        // Resume after the last block every partition holds; a partition with none means starting over (the others
        // then skip what they hold).
        IngestPosition? held = have.Any(h => h is null) ? null : have.MinBy(h => h!.End)!;
        var identities = new InputIdentity?[inputs.Count];
        InputIdentity IdentityOf(int index) => identities[index] ??= InputIdentity.Of(inputs[index], format);
        if (held?.Input is { } heldInput)
            CheckSameInput(held, heldInput, IdentityOf);
        // An observer must see the blocks before the resume point too: then reading starts over, and the partitions
        // skip what they hold (as when one partition holds nothing), which ends the log exactly alike.
        var resume = Observer is null ? held : null;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(deadLetterFile))!);
        using var file = new FileStream(deadLetterFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        file.SetLength(resume?.DeadLetterBytes ?? 0);
        file.Seek(0, SeekOrigin.End);
        using var deadLetters = new DeadLetterWriter(file);
        var reader = new EventReader(inputs, format, deadLetters, batchSize, parseThreads, resume?.End);
        Reader = reader;
        if (resume is not null)
            reader.Counters.Restore(resume.Accepted, resume.RejectedByReason);

        long streamMax = resume?.StreamMaxTicks ?? long.MinValue;
        long appended = 0;
        var batches = new LogBatch[partitions];
        for (int p = 0; p < partitions; p++)
            batches[p] = new LogBatch();

        reader.ReadAll(
            batch =>
            {
                var events = batch.Events;
                for (int i = 0; i < batch.Count; i++)
                {
                    streamMax = Math.Max(streamMax, events[i].EventTimeTicks);
                    LoggedEvent.Add(batches[Partitioner.Of(events[i].UserId, partitions)], events[i], streamMax);
                    Observer?.Accepted(events[i], streamMax);
                }

                deadLetters.Flush(); // the position below says how long the dead letters are after this block
                var end = batch.End;
                Observer?.EndBlock(held is not null && end.CompareTo(held.End) <= 0);
                var position = new IngestPosition(end, file.Length, reader.Counters.Accepted, reader.Counters.RejectedByReason(), streamMax, IdentityOf(end.InputIndex)).ToBytes();
                for (int p = 0; p < partitions; p++)
                {
                    if (have[p] is not { } held || held.End.CompareTo(end) < 0)
                    {
                        log.Append(p, batches[p], position);
                        appended += batches[p].Count;
                    }

                    batches[p].Clear();
                }
            },
            cancellationToken);

        log.Flush();
        Observer?.Completed();
        var c = reader.Counters;
        return new IngestResult(c.Read, c.Accepted, c.Rejected, appended, held?.End);
    }

    /// <summary>
    /// Why <paramref name="log"/>'s last ingest did not finish, or null when it did (or no ingest wrote it). For a log
    /// whose every partition gets every block (the embedded log: an empty append where a partition got no events),
    /// partitions ending at different places mean an ingest stopped between its appends, or a crash tore a partition's
    /// last batch (cut off when the log opens). Not for Kafka, which appends nothing for an empty batch.
    /// </summary>
    public static string? Unfinished(IEventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var ends = new (int Partition, IngestPosition? Position)[log.Partitions];
        for (int p = 0; p < log.Partitions; p++)
        {
            try
            {
                ends[p] = (p, log.LastSourcePosition(p) is { } bytes ? IngestPosition.FromBytes(bytes) : null);
            }
            catch (LogFormatException)
            {
                return null; // written by other producers: nothing to compare
            }
        }

        if (ends.All(e => e.Position is null) || ends.All(e => e.Position is { } h && h.End == ends[0].Position!.End))
            return null;
        var least = ends.MinBy(e => e.Position?.End ?? new ResumePoint(-1, -1));
        var most = ends.MaxBy(e => e.Position?.End ?? new ResumePoint(-1, -1));
        static string Where(IngestPosition? at) => at is null ? "nothing" : $"line {at.End.Line} of '{at.Input?.Name ?? $"input #{at.End.InputIndex + 1}"}'";
        return $"the log's last ingest did not finish: partition {least.Partition} holds its input up to {Where(least.Position)}, " +
            $"partition {most.Partition} up to {Where(most.Position)} (stopped between appends, or a crash cut a partition's last batch short). " +
            "The results count what the ingest had read, not what the log holds: run the same ingest again to complete the log (it resumes where it stopped), then process";
    }

    // The input the log's position ends in must be this ingest's input of that number: else resuming there would
    // skip the first rows of another file (the log then holds nothing of them, and no error said so).
    private void CheckSameInput(IngestPosition held, InputIdentity heldInput, Func<int, InputIdentity> identityOf)
    {
        int index = held.End.InputIndex;
        string? found = index >= inputs.Count ? $"this ingest has {inputs.Count} input(s)"
            : identityOf(index) is var here && here.Name != heldInput.Name ? $"input #{index + 1} here is '{here.Name}'"
            : here.Head is { } head && heldInput.Head is { } heldHead && head != heldHead ? $"'{here.Name}' here begins with other content"
            : here.Format is { } read && heldInput.Format is { } heldFormat && read != heldFormat ? $"it was read as {FormatDetector.Name(heldFormat)} and would be read as {FormatDetector.Name(read)} here"
            : (here.Head is null || heldInput.Head is null) && !SameStream ? $"'{here.Name}' is a stream, which cannot be checked to be that one (--same-stream says it is)"
            : null;
        if (found is null)
            return;
        throw new InputException(
            $"the log already holds events of input #{index + 1} '{heldInput.Name}' (up to its line {held.End.Line}), but {found}: " +
            "resuming would skip rows. Ingest the same inputs to resume, and add new files after them (a folder's files are read in name order), or ingest into a new --out");
    }
}
