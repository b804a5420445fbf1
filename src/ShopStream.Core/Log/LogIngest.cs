using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Log;

/// <summary>
/// Validates a run's inputs and appends the accepted events to an event log, partitioned by user; rejected records
/// go to a dead-letter file. Each block of input with events becomes one append per partition (an empty one where a
/// partition got none of them), carrying an <see cref="IngestPosition"/>; a block is appended once the next one with
/// events has been read (a block without events moves its position on), so that the last can carry the mark that
/// the ingest finished. An interrupted ingest, run again, resumes after the block that every partition has,
/// truncates the dead letters to what that block left, and skips the appends a partition already holds: no row is
/// appended twice, none is lost, and the log ends record for record as an uninterrupted ingest leaves it (blocks are
/// cut alike from a block boundary; only the batches' append times differ). Each position names the input it ends in
/// (<see cref="InputIdentity"/>): other inputs are appended after a finished ingest, as the next epoch (counters,
/// dead letters and the max event time run on), and refused after one that did not finish, rather than taken for
/// its resume (which would skip their first rows).
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

    /// <summary>How a caller whose inputs are refused starts a log of its own, in the refusal (a Kafka ingest: a new topic).</summary>
    public string NewLogHint { get; init; } = "ingest into a new --out";

    /// <summary>The reader once <see cref="Run"/> has started (for progress).</summary>
    public EventReader? Reader { get; private set; }

    public IngestResult Run(CancellationToken cancellationToken = default)
    {
        int partitions = log.Partitions;
        var have = new IngestPosition?[partitions];
        for (int p = 0; p < partitions; p++)
            have[p] = log.LastSourcePosition(p) is { } bytes ? IngestPosition.FromBytes(bytes) : null;

        // The latest epoch's inputs are the ones to resume: after the last block every partition holds of it; a
        // partition with nothing of it means reading the epoch again from its start (the others then skip what they
        // hold: on Kafka, a partition that got no events holds nothing, so that is the usual case there).
        var latest = have.Max();
        int epoch = latest?.Epoch ?? 0;
        var start = latest?.EpochStart;
        var ofEpoch = have.Where(h => h?.Epoch == epoch).ToList();
        var first = ofEpoch.Min();
        IngestPosition? held = ofEpoch.Count == partitions ? first : null;
        var identities = new InputIdentity?[inputs.Count];
        InputIdentity IdentityOf(int index) => identities[index] ??= InputIdentity.Of(inputs[index], format);
        // Of the inputs before one (the one itself is checked by its name and head, and may have grown).
        var digests = new uint?[inputs.Count];
        uint DigestBefore(int index) => index == 0 ? 0 : digests[index] ??= Digest(DigestBefore(index - 1), IdentityOf(index - 1));
        bool newInputs = false;
        if (first is { Input: { } heldInput } && Mismatch(first, heldInput, IdentityOf, DigestBefore) is { } mismatch)
        {
            // Other inputs than the last ingest's: after it, if it finished; else they would be taken for its resume.
            if (!mismatch.MayBeNew || !Finished(latest!, have))
                throw Refusal(first, heldInput, mismatch.Reason, mismatch.MayBeNew);
            newInputs = true;
            epoch++;
            start = latest;
            held = null;
        }

        // An observer must see the blocks before the resume point too: then reading starts over, and the partitions
        // skip what they hold (as when one partition holds nothing), which ends the log exactly alike.
        var resume = Observer is null ? held : null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(deadLetterFile))!);
        using var file = new FileStream(deadLetterFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        // Cut back to where the log's ingest had got; never lengthened (a rotated or missing file was padded with NULs).
        long deadLettersCut = CutBack(file, Math.Min(file.Length, (resume ?? start)?.DeadLetterBytes ?? 0));
        using var deadLetters = new DeadLetterWriter(file);
        var reader = new EventReader(inputs, format, deadLetters, batchSize, parseThreads, resume?.End) { HoldUnterminatedTail = true };
        Reader = reader;
        // The reader counts this epoch's inputs; positions carry the totals since the log began.
        var baseRejected = start?.RejectedByReason ?? new long[RejectReasons.ArrayLength];
        if (resume is not null)
            reader.Counters.Restore(resume.Accepted - (start?.Accepted ?? 0), [.. resume.RejectedByReason.Select((n, i) => n - baseRejected[i])]);

        long streamMax = (resume ?? start)?.StreamMaxTicks ?? long.MinValue;
        long appended = 0;
        // Each block is appended once the next one with events is read, so the last one can say that the ingest
        // finished; a block without events only moves the pending block's position on.
        var filling = NewBatches(partitions);
        var pending = NewBatches(partitions);
        IngestPosition? pendingPosition = null;
        bool pendingHasEvents = false;

        void AppendPending(IngestPosition position)
        {
            var bytes = position.ToBytes();
            for (int p = 0; p < partitions; p++)
            {
                if (!Holds(have[p], position))
                {
                    // Not what a crash landed of this block already: the resume's report counted that twice.
                    appended += pending[p].Count - log.AlreadyLanded(p, pending[p].Count, bytes);
                    log.Append(p, pending[p], bytes);
                }

                pending[p].Clear();
            }
        }

        reader.ReadAll(
            batch =>
            {
                var events = batch.Events;
                for (int i = 0; i < batch.Count; i++)
                {
                    streamMax = Math.Max(streamMax, events[i].EventTimeTicks);
                    LoggedEvent.Add(filling[Partitioner.Of(events[i].UserId, partitions)], events[i], streamMax);
                    Observer?.Accepted(events[i], streamMax);
                }

                deadLetters.Flush(); // the position below says how long the dead letters are after this block
                var end = batch.End;
                Observer?.EndBlock(held is not null && end.CompareTo(held.End) <= 0);
                var c = reader.Counters;
                var position = new IngestPosition(
                    end, file.Length, (start?.Accepted ?? 0) + c.Accepted, [.. c.RejectedByReason().Select((n, i) => n + baseRejected[i])], streamMax, IdentityOf(end.InputIndex))
                {
                    Epoch = epoch,
                    EpochStart = start,
                    InputsDigest = DigestBefore(end.InputIndex),
                };
                if (batch.Count > 0 && pendingHasEvents)
                    AppendPending(pendingPosition!);
                if (batch.Count > 0 || pendingPosition is null)
                {
                    (filling, pending) = (pending, filling);
                    pendingHasEvents = batch.Count > 0;
                }

                pendingPosition = position;
            },
            cancellationToken);

        // An input that ended because its writer failed (generate's pipe) is cut short, not finished: no finish mark.
        cancellationToken.ThrowIfCancellationRequested();
        // An epoch that read records and accepted none (the wrong --format, almost always) leaves the log as it was,
        // as on Kafka, where nothing is published for it: recorded, its position named this input in that format, so
        // the retry in the right one was refused for good, and its rejects stayed in the log's counts. Its dead
        // letters stay until the next ingest cuts them back to the log's last block.
        var counters = reader.Counters;
        bool acceptedNone = counters.Read > 0 && counters.Accepted == 0;
        if (pendingPosition is not null && !acceptedNone)
        {
            // Every earlier block is in the log (on Kafka: delivered) before the one that says the ingest finished.
            // With the last line held back (no line break after it yet) the ingest has not finished: other inputs
            // after it would pass that line over for good, so they are refused until it is read.
            log.Flush();
            AppendPending(reader.HeldTail ? pendingPosition : pendingPosition with { FinishedIn = [.. Enumerable.Range(0, partitions).Where(p => pending[p].Count > 0)] });
        }
        else if (reader.HeldTail && held is { FinishedIn: not null })
        {
            // Nothing new but a held-back line (the file grew by part of one): the log's last block says the ingest
            // finished, which would let other inputs pass that line over, and take the file, grown, for a new one
            // appended whole. The same block again without the mark says it has not. (On Kafka an empty append
            // publishes nothing, so there the mark stays.)
            var unfinished = (held with { FinishedIn = null }).ToBytes();
            for (int p = 0; p < partitions; p++)
                log.Append(p, new LogBatch(0), unfinished);
        }

        log.Flush();
        Observer?.Completed();
        return new IngestResult(counters.Read, counters.Accepted, counters.Rejected, appended, held?.End)
        {
            NewInputs = newInputs,
            Epoch = epoch,
            DeadLettersCut = deadLettersCut,
            HeldLine = reader.HeldTail,
            Warnings = reader.Warnings,
        };
    }

    // Cuts the dead-letter file to `length` and leaves it positioned at its end; returns how many records (lines) went.
    private static long CutBack(FileStream file, long length)
    {
        long records = 0;
        file.Seek(length, SeekOrigin.Begin);
        var buffer = new byte[1 << 16];
        for (int n; (n = file.Read(buffer)) > 0;)
            records += buffer.AsSpan(0, n).Count((byte)'\n');
        file.SetLength(length);
        file.Seek(0, SeekOrigin.End);
        return records;
    }

    private static LogBatch[] NewBatches(int partitions) => [.. Enumerable.Range(0, partitions).Select(_ => new LogBatch())];

    // Whether a partition whose last position is `have` holds the block at `position` already (a resumed ingest's).
    private static bool Holds(IngestPosition? have, IngestPosition position) => have is not null && have.CompareTo(position) >= 0;

    // The last ingest finished when every partition its last block appended events to holds that block.
    private static bool Finished(IngestPosition latest, IngestPosition?[] have) =>
        latest.FinishedIn is { } partitions && partitions.All(p => p < have.Length && latest.SamePlace(have[p]));

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

        if (ends.All(e => e.Position is null))
            return null;
        var none = ends.Where(e => e.Position is null).Select(e => e.Partition).ToList();
        if (none.Count > 0)
        {
            string which = none.Count == 1 ? $"partition {none[0]} holds" : $"partitions {string.Join(", ", none)} hold";
            return $"the log's last ingest did not finish: {which} none of its blocks, which every partition gets " +
                "(stopped before its first appends were done, or the partition's records are gone). The results count the events the log holds and the ingest's rejects " +
                "up to where it got furthest: run the same ingest again to complete the log, then process";
        }

        if (ends.All(e => ends[0].Position!.SamePlace(e.Position)))
        {
            // Every partition at the same block: finished, unless that block lacks the finish mark (killed between
            // blocks, the usual case), in a log whose ingests mark it.
            var last = ends[0].Position!;
            return last.FinishedIn is not null || !last.MarksFinish || last.Input is null
                ? null
                : $"the log's last ingest did not finish: it was stopped after line {last.End.Line} of '{last.Input.Name}', so the log lacks the rest of its input. " +
                  "Run the same ingest again to complete the log (it resumes where it stopped; if it stopped on an input error, such as a truncated .gz, mend that input first; " +
                  "if its last line had no line break yet, held back, end it with one), then process";
        }

        // Partitions with no position are passed over (MinBy skips null keys); some partition has one.
        var least = ends.MinBy(e => e.Position);
        var most = ends.MaxBy(e => e.Position);
        static string Where(IngestPosition at) => $"line {at.End.Line} of '{at.Input?.Name ?? $"input #{at.End.InputIndex + 1}"}'";
        return $"the log's last ingest did not finish: partition {least.Partition} holds its input up to {Where(least.Position!)}, " +
            $"partition {most.Partition} up to {Where(most.Position!)} (stopped between appends, or a crash cut a partition's last batch short). " +
            "The results count the events the log holds and the ingest's rejects up to where it got furthest: run the same ingest again to complete the log (it resumes where it stopped), then process";
    }

    // The input the log's position ends in must be this ingest's input of that number, with the same inputs before
    // it, or resuming there would skip the first rows of another file, or a file added before it (the log then holds
    // nothing of them, and no error said so). Why not, or null; and whether these inputs may be new ones: not when
    // the file the log ended in is among them elsewhere (it would be appended again), nor the same file read in
    // another format (its rows would all be rejected), nor a folder changed before that file.
    private (string Reason, bool MayBeNew)? Mismatch(IngestPosition held, InputIdentity heldInput, Func<int, InputIdentity> identityOf, Func<int, uint> digestBefore)
    {
        int index = held.End.InputIndex;
        if (heldInput.Head is not null)
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                if (i != index && identityOf(i) is var other && other.Name == heldInput.Name && (other.Head == heldInput.Head || InputIdentity.GrewFrom(inputs[i], heldInput)))
                    return ($"'{heldInput.Name}', where it ended, is input #{i + 1} here (files were added or removed before it): ingest the files after it on their own", false);
            }
        }

        if (index >= inputs.Count)
            return ($"this ingest has {inputs.Count} input(s)", true);
        var here = identityOf(index);
        if (here.Name != heldInput.Name)
            return ($"input #{index + 1} here is '{here.Name}'", true);
        if (here.Head is { } head && heldInput.Head is { } heldHead && head != heldHead && !InputIdentity.GrewFrom(inputs[index], heldInput))
            return ($"'{here.Name}' here begins with other content", true);
        if (here.Format is { } read && heldInput.Format is { } heldFormat && read != heldFormat)
            return ($"it was read as {FormatDetector.Name(heldFormat)} and would be read as {FormatDetector.Name(read)} here", false);
        if ((here.Head is null || heldInput.Head is null) && !SameStream)
            return ($"'{here.Name}' is a stream, which cannot be checked to be that one (--same-stream says it is)", true);
        if (held.InputsDigest is { } digest && here.Head is not null && digestBefore(index) != digest)
            return ($"the files before '{here.Name}' are not the ones it read (one was added, removed or replaced): ingest new files on their own", false);
        return null;
    }

    // A running checksum of the inputs' identities, in order (IngestPosition.InputsDigest).
    private static uint Digest(uint before, InputIdentity identity)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{identity.Name}\n{identity.Head?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}\n{identity.Format}\n");
        return Embedded.Crc32C.Append(before, bytes);
    }

    private InputException Refusal(IngestPosition held, InputIdentity heldInput, string mismatch, bool mayBeNew) => new(
        $"the log already holds events of input #{held.End.InputIndex + 1} '{heldInput.Name}' (up to its line {held.End.Line}), but {mismatch}" +
        (mayBeNew
            ? ", and the ingest that wrote them did not finish (it was stopped, the file's last line had no line break yet and was held back, " +
              "or a build before ShopStream marked finished ingests wrote it), " +
              "so these inputs would be taken for its resume, which would skip rows. Ingest the same inputs to finish it, then the new ones " +
              "(or add new files after the same ones: a folder's files are read in name order), "
            : ": resuming would skip rows. Ingest the same inputs as before to resume, ") +
        $"or {NewLogHint}");
}
