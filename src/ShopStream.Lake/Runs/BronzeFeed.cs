using System.Text;
using ShopStream.Core.Processing;
using ShopStream.Lake.Delta;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake writer thread's work while the run reads: the queued blocks of events into bronze's Parquet files
/// (about <see cref="LakeRunOptions.RowsPerFile"/> rows each, not yet committed), and every event whose fingerprint
/// was not read before (in input order) into silver's spool. Bronze's columns are the event's, then where it was
/// read and the run's ingest time.
/// </summary>
internal sealed class BronzeFeed
{
    private const int SourceColumn = EventColumns.Count;
    private const int LineColumn = SourceColumn + 1;
    private const int IngestedColumn = SourceColumn + 2;

    private static readonly IReadOnlyList<ParquetColumn> s_columns = ParquetColumn.FromDelta(Tables.LakeTables.BronzeEvents.Schema);

    private readonly DeltaFileSet _files;
    private readonly EventBlockQueue _queue;
    private readonly SilverSpool _silver;
    private readonly int _rowsPerFile;
    private readonly long _ingestedTicks;
    private readonly ParquetWriteOptions _parquet;
    private readonly Utf8Strings _utf8;
    private readonly FlatSet<UInt128> _fingerprints = new();
    private string? _source;
    private byte[] _sourceUtf8 = [];

    public BronzeFeed(DeltaFileSet files, EventBlockQueue queue, SilverSpool silver, LakeRunOptions options, Utf8Strings utf8)
    {
        _files = files;
        _queue = queue;
        _silver = silver;
        _rowsPerFile = options.RowsPerFile;
        _ingestedTicks = options.IngestedAt.Ticks;
        _parquet = options.Parquet;
        _utf8 = utf8;
    }

    /// <summary>Events written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Events left out of silver: their fingerprint was read before (by input, then line).</summary>
    public long Duplicates { get; private set; }

    /// <summary>The writer thread's loop: a bronze file at a time until the queue is done (or the run abandoned).</summary>
    public void WriteFiles(CancellationToken abandon)
    {
        ParquetFileWriter? file = null;
        EventColumns? events = null;
        try
        {
            foreach (var block in _queue.Consume())
            {
                if (abandon.IsCancellationRequested)
                    break;
                if (file is null)
                {
                    file = new ParquetFileWriter(_files.NewFile(), s_columns, _parquet);
                    events = new EventColumns(file.ColumnBuffers, _utf8);
                }

                Write(block, file, events!);
                _queue.Return(block);
                if (file.Rows >= _rowsPerFile)
                {
                    _files.Written(file.Close());
                    file.Dispose();
                    file = null;
                }
            }

            if (file is not null && !abandon.IsCancellationRequested)
                _files.Written(file.Close());
            _silver.Complete();
        }
        finally
        {
            file?.Dispose();
            _fingerprints.Release();
        }
    }

    private void Write(EventBlock block, ParquetFileWriter file, EventColumns events)
    {
        if (!ReferenceEquals(block.Source, _source))
        {
            _source = block.Source;
            _sourceUtf8 = Encoding.UTF8.GetBytes(_source);
        }

        var source = file.String(SourceColumn);
        var line = file.Int64(LineColumn);
        var ingested = file.Int64(IngestedColumn);
        var rows = block.Events.AsSpan(0, block.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly var e = ref rows[i];
            events.Add(in e);
            source.Add(_sourceUtf8);
            line.Add(block.Lines[i]);
            ingested.AddTicks(_ingestedTicks);
            file.EndRow();
            if (_fingerprints.Add(e.Fingerprint))
                _silver.Add(in e);
            else
                Duplicates++;
        }

        Rows += rows.Length;
    }
}
