using System.Collections.Concurrent;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Lake.Delta;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Lands one run in the lake while it runs: <see cref="Observe"/> copies each batch of accepted events into a block
/// of a fixed pool and queues it; a writer thread fills row groups with the events the run counts (duplicates decided
/// as its partitions decide them), one per event date at a time, and with the duplicates for bronze alone, and an
/// encoding thread encodes each once for bronze's Parquet files, from which silver's copy theirs later
/// (<see cref="BronzeFeed"/>, <see cref="SilverSpool"/>, <see cref="SpoolEncoder"/>, <see cref="BronzeFiles"/>), so
/// memory stays bounded by the pools, but for the set of every fingerprint read (16 bytes an event, growing with the
/// run). Gold's profiles and sessions are filled as the run writes
/// its CSV files (<see cref="Gold"/>, the results' row sink); once the sessions are all there, silver's files are
/// completed with each event's session start on two more threads while the other CSV files are still written. Then
/// <see cref="FinishAsync"/> (once) writes the rest of gold from the run's results (its summary too, as
/// <c>gold/run_summary</c>) and quarantine from the dead-letter file (<see cref="QuarantineRows"/>), and commits each
/// table as one overwrite. Nothing is committed before then, so a run that fails leaves the lake as it was (plus
/// orphan files for vacuum). Every Parquet file is written by <see cref="ParquetFileWriter"/>: a run never loads
/// DuckDB.
/// </summary>
public sealed class LakeRunWriter : IDisposable
{
    private readonly ILakeStorage _storage;
    private readonly LakeRunOptions _options;
    private readonly DeltaFileSet _bronzeFiles;
    private readonly BronzeFiles _bronzeWriter;
    private readonly SilverSpool _silver;
    private readonly BronzeFeed _bronze;
    private readonly HandOffQueue<EventBlock> _queue;
    private readonly DeltaFileSet _profileFiles;
    private readonly DeltaFileSet _sessionFiles;
    private readonly DeltaFileSet _silverFiles;
    private readonly GoldResultRows _gold;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _writer;
    private Task? _silverDone;

    internal LakeRunWriter(ILakeStorage storage, LakeRunOptions options)
    {
        // A bronze file holds whole row groups (each shared with silver), so none is larger than a file.
        options = options with { Parquet = options.Parquet with { RowGroupRows = Math.Min(options.Parquet.RowGroupRows, options.RowsPerFile) } };
        _storage = storage;
        _options = options;
        try
        {
            // The folder is this writer's alone (the run's folder is locked): what is there was left by a run that was
            // killed, and its spool files would collide with this run's.
            if (Directory.Exists(options.StagingFolder))
                Directory.Delete(options.StagingFolder, recursive: true);
            Directory.CreateDirectory(options.StagingFolder);
            _bronzeFiles = new DeltaFileSet(LakeTables.BronzeEvents.Open(storage), WriteOptions(LakeTables.BronzeEvents), options.StagingFolder);
            _queue = new HandOffQueue<EventBlock>(options.QueueBlocks, () => new EventBlock());
            var utf8 = new Utf8Strings();
            _bronzeWriter = new BronzeFiles(_bronzeFiles, options);
            _silver = new SilverSpool(Path.Combine(options.StagingFolder, "silver-spool"), _bronzeWriter, options, utf8);
            _bronze = new BronzeFeed(_bronzeWriter, _silver, _queue, utf8, options);
            _profileFiles = Files(LakeTables.GoldProfiles);
            _sessionFiles = Files(LakeTables.GoldSessions);
            _silverFiles = Files(LakeTables.SilverEvents);
            _gold = new GoldResultRows(_profileFiles.NewFile(), _sessionFiles.NewFile(), options.Parquet, _profileFiles.Written, SessionsDone, _queue.Complete, _bronze.SpareMemory);
            _writer = Task.Factory.StartNew(WriteBlocks, TaskCreationOptions.LongRunning);
        }
        catch
        {
            // Gold's files could not be opened (a full disk, say): silver's encoding thread is already waiting for work.
            Dispose();
            throw;
        }
    }

    public ILakeStorage Storage => _storage;

    /// <summary>
    /// Gold's profiles and sessions, to be given every row of the run's profiles.csv and sessions.csv as they are
    /// written (<see cref="RunDirectory.WriteResults"/>'s row sink) before <see cref="FinishAsync"/>. Once the results
    /// begin, the run must be done reading (no more <see cref="Observe"/>): the writer thread finishes bronze then,
    /// and silver is completed once the sessions are all there.
    /// </summary>
    public IResultRowSink Gold => _gold;

    /// <summary>How many times <see cref="Observe"/> waited for the writer thread (the queue was full).</summary>
    public long QueueWaits => _queue.Waits;

    /// <summary>
    /// Queues a batch of accepted events for bronze and silver (call on the reader's thread, as the pipeline's
    /// observer): a copy, then back to the run; waits only while the writer is a whole queue behind.
    /// </summary>
    /// <exception cref="Exception">The writer thread's failure (I/O), which stops the run.</exception>
    public void Observe(EventBatch batch)
    {
        if (batch.Count == 0)
            return;
        var block = _queue.Rent();
        block.CopyFrom(batch);
        _queue.Publish(block);
    }

    /// <summary>
    /// Writes every table: first every file (uploaded, on S3), then one commit per table back to back, with
    /// <c>gold/run_summary</c> last: its commit records the versions of the others (<see cref="LakeCut"/>), so a run
    /// that stops before it shows none of its commits to ShopStream's readers.
    /// </summary>
    /// <param name="rejectedFile">The run's dead letters (JSON lines), for <c>quarantine/rejected</c>.</param>
    /// <exception cref="InvalidOperationException"><see cref="Gold"/> did not get every profile and session of <paramref name="result"/>.</exception>
    public async Task<IReadOnlyList<LakeTableReport>> FinishAsync(RunResult result, string rejectedFile, CancellationToken cancellationToken = default)
    {
        if (_gold.ProfileRows != result.Summary.Users || _gold.SessionRows != result.Summary.Sessions
            || !_gold.ProfilesClosed || _silverDone is null)
        {
            throw new InvalidOperationException(
                $"gold got {_gold.ProfileRows} profiles and {_gold.SessionRows} sessions of the run's {result.Summary.Users} and {result.Summary.Sessions}: write the results with Gold as their row sink");
        }

        // The queue was completed when the results began (gold's Begin; SessionsDone, checked above, comes after).
        await _writer.ConfigureAwait(false);
        // Only now: the writer thread counts the duplicates, and the queue may still have held blocks.
        if (_bronze.Duplicates != result.Summary.DuplicatesDropped)
        {
            throw new InvalidOperationException(
                $"silver left out {_bronze.Duplicates} duplicates where the run counted {result.Summary.DuplicatesDropped}: the lake writer did not decide duplicates as the run (are its dedup settings the run's? LakeRunWriterBuilder.ForPipeline); not committed");
        }

        long events = _bronze.Rows;
        var finished = new List<(LakeTable Table, IReadOnlyList<DeltaAddFile> Adds)>();
        async Task Finish(LakeTable table, DeltaFileSet files, long? expectedRows)
        {
            var adds = await files.FinishAsync(null, cancellationToken).ConfigureAwait(false);
            long rows = adds.Sum(a => a.NumRecords);
            if (expectedRows is { } expected && rows != expected)
                throw new InvalidDataException($"{table.Path}: wrote {rows} rows, expected {expected}; not committed (the files are orphans for vacuum)");
            finished.Add((table, adds));
        }

        using var hourly = Files(LakeTables.GoldHourlyMetrics);
        using var minutes = Files(LakeTables.GoldMinuteMetrics);
        using var summary = Files(LakeTables.GoldRunSummary);
        using var quarantine = Files(LakeTables.QuarantineRejected);
        await Finish(LakeTables.BronzeEvents, _bronzeFiles, events).ConfigureAwait(false);
        await _silverDone.ConfigureAwait(false);
        await Finish(LakeTables.SilverEvents, _silverFiles, events - _bronze.Duplicates).ConfigureAwait(false);
        await Finish(LakeTables.GoldProfiles, _profileFiles, result.Summary.Users).ConfigureAwait(false);
        await Finish(LakeTables.GoldSessions, _sessionFiles, result.Summary.Sessions).ConfigureAwait(false);
        WriteFile(hourly, LakeTables.GoldHourlyMetrics, f => GoldRows.WriteWindows(f, result.HourlyMetrics));
        await Finish(LakeTables.GoldHourlyMetrics, hourly, null).ConfigureAwait(false);
        WriteFile(minutes, LakeTables.GoldMinuteMetrics, f => GoldRows.WriteWindows(f, result.MinuteMetrics));
        await Finish(LakeTables.GoldMinuteMetrics, minutes, null).ConfigureAwait(false);
        WriteFile(quarantine, LakeTables.QuarantineRejected, f => QuarantineRows.Write(f, rejectedFile));
        await Finish(LakeTables.QuarantineRejected, quarantine, null).ConfigureAwait(false);
        WriteFile(summary, LakeTables.GoldRunSummary, f => RunSummaryRow.Write(f, result.Summary));
        await Finish(LakeTables.GoldRunSummary, summary, 1).ConfigureAwait(false);

        var reports = new List<LakeTableReport>();
        var versions = new Dictionary<LakeTable, long>();
        foreach (var (table, adds) in finished)
        {
            var delta = table.Open(_storage);
            var snapshot = await delta.SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
            var commit = DeltaTableWriter.NextCommit(delta, snapshot, WriteOptions(table), adds) with
            {
                UserMetadata = LakeCut.Describe(table == LakeTables.GoldRunSummary ? versions : null),
            };
            await delta.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            versions[table] = commit.Version;
            reports.Add(new LakeTableReport(table.Path, commit.Version, adds.Sum(a => a.NumRecords), adds.Count));
        }

        return reports;
    }

    public void Dispose()
    {
        // A run that failed never finished: stop the writer thread without writing what is still queued. The parts
        // are null-checked for a constructor that failed half way.
        _abandon.Cancel();
        _queue?.Complete();
        try
        {
            _writer?.Wait();
        }
        catch (AggregateException)
        {
            // the writer's failure was reported to the run (Observe or FinishAsync)
        }

        try
        {
            _silverDone?.Wait();
        }
        catch (AggregateException)
        {
            // silver's failure was reported by FinishAsync, or the run failed before it
        }

        _silver?.Dispose();
        _gold?.Dispose();
        _profileFiles?.Dispose();
        _sessionFiles?.Dispose();
        _silverFiles?.Dispose();
        _bronzeWriter?.Dispose();
        _bronzeFiles?.Dispose();
        _queue?.Dispose();
        _abandon.Dispose();
        try
        {
            Directory.Delete(_options.StagingFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was staged
        }
    }

    private DeltaFileSet Files(LakeTable table) => new(table.Open(_storage), WriteOptions(table), _options.StagingFolder);

    private static DeltaWriteOptions WriteOptions(LakeTable table) => new()
    {
        Schema = table.Schema,
        PartitionColumns = table.PartitionColumns,
        Mode = DeltaWriteMode.Overwrite,
        Operation = "WRITE",
    };

    // One file of an unpartitioned table, its rows from fill.
    private void WriteFile(DeltaFileSet files, LakeTable table, Action<ParquetFileWriter> fill)
    {
        using var file = new ParquetFileWriter(files.NewFile(), ParquetColumn.FromDelta(table.Schema), _options.Parquet);
        fill(file);
        files.Written(file.Close());
    }

    // One thread's share of silver: a day's file at a time off the shared queue until it is empty.
    private void WriteSilver(DeltaFileSet silver, ConcurrentQueue<SilverDaySpool> days, SessionStarts sessions)
    {
        while (days.TryDequeue(out var day))
            silver.Written(day.WriteFile(silver.NewFile(day.Date), sessions, _options.Parquet));
    }

    // Gold's sessions are all written (on a thread of the results' writer): silver's days, each completed with its
    // session starts, on two threads once the writer thread has written every event, while the other result files
    // are still written.
    private void SessionsDone(ParquetFileSummary sessions, SessionStarts starts)
    {
        _sessionFiles.Written(sessions);
        _silverDone = Task.Run(async () =>
        {
            await _writer.ConfigureAwait(false);
            var days = new ConcurrentQueue<SilverDaySpool>(_silver.Days);
            var second = Task.Run(() => WriteSilver(_silverFiles, days, starts));
            try
            {
                WriteSilver(_silverFiles, days, starts);
            }
            finally
            {
                await second.ConfigureAwait(false);
            }
        });
    }

    // The writer thread: every queued block into row groups for bronze's files (and silver's, later).
    private void WriteBlocks()
    {
        try
        {
            _bronze.WriteFiles(_abandon.Token);
        }
        catch (Exception ex)
        {
            _queue.Fail(ex);
            throw;
        }
    }
}
