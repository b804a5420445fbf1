using System.Globalization;
using System.Text;
using ShopStream.Core.Processing;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake writer thread's side of bronze: writes the queued blocks of events as bronze Parquet files of about
/// <see cref="LakeRunOptions.RowsPerFile"/> rows each (not yet committed), through a table function
/// (<c>COPY (SELECT ... FROM lake_bronze_rows()) TO ...</c>) that takes the blocks off the queue as DuckDB asks for
/// rows, so events go from the run's copies into Parquet with no DuckDB table in between. On the way it notes, in
/// input order, every event whose fingerprint was read before: silver leaves those out.
/// </summary>
internal sealed class BronzeFeed : IDuckDbRowSource
{
    private const string FunctionName = "lake_bronze_rows";

    private readonly DuckDbConnection _connection;
    private readonly DeltaFileSet _files;
    private readonly EventBlockQueue _queue;
    private readonly int _rowsPerFile;
    private readonly string _bronzeSql;
    private readonly DuckDbTableFunction _function;
    private readonly BronzeRowWriter _writer = new();
    private readonly FlatSet<UInt128> _fingerprints = new();
    private readonly List<(string Source, long Line)> _duplicates = [];
    private readonly List<BronzeFile> _written = [];
    private readonly SortedSet<long> _days = [];
    private long _lastDay = -1;
    private long _fileMinTicks;
    private long _fileMaxTicks;
    private CancellationToken _abandon;
    private IEnumerator<EventBlock>? _blocks;
    private EventBlock? _block;
    private int _position;
    private long _fileRows;
    private string? _source;
    private byte[] _sourceUtf8 = [];

    public BronzeFeed(DuckDbConnection connection, DeltaFileSet files, EventBlockQueue queue, LakeRunOptions options)
    {
        _connection = connection;
        _files = files;
        _queue = queue;
        _rowsPerFile = options.RowsPerFile;
        string ingested = options.IngestedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        _bronzeSql = $"SELECT *, TIMESTAMPTZ '{ingested}+00' AS ingested_at FROM {FunctionName}()";
        _function = DuckDbTableFunction.Register(connection, FunctionName, BronzeRowWriter.Columns, this);
    }

    /// <summary>Events written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Input and line of every event whose fingerprint an earlier event (by input, then line) had: silver leaves them out.</summary>
    public IReadOnlyList<(string Source, long Line)> Duplicates => _duplicates;

    /// <summary>The files written, each with the range of its event times (silver reads only a day's files for the day).</summary>
    public IReadOnlyList<BronzeFile> Files => _written;

    /// <summary>The UTC dates of the events written (days since 0001-01-01, as <see cref="DateOnly.DayNumber"/>), in order.</summary>
    public IReadOnlyCollection<long> Days => _days;

    /// <summary>The writer thread's loop: a bronze file at a time until the queue is done (or the run abandoned).</summary>
    public void WriteFiles(CancellationToken abandon)
    {
        using var blocks = _queue.Consume().GetEnumerator();
        _blocks = blocks;
        _abandon = abandon;
        while (!abandon.IsCancellationRequested && NextBlock())
        {
            _fileRows = 0;
            _fileMinTicks = long.MaxValue;
            _fileMaxTicks = long.MinValue;
            string file = "";
            _function.Run(() => file = _files.Copy(_connection, _bronzeSql));
            _written.Add(new BronzeFile(file, _fileMinTicks, _fileMaxTicks));
        }

        _fingerprints.Release();
    }

    // Called by DuckDB while a bronze COPY runs: rows from the current block on, until the chunk is full, or the
    // file has its rows at the end of a block, or the queue is done.
    void IDuckDbRowSource.Fill(DuckDbChunkBuilder rows)
    {
        while (!rows.IsFull)
        {
            if (_block is null || _position == _block.Count)
            {
                ReturnBlock();
                if (_fileRows >= _rowsPerFile || _abandon.IsCancellationRequested || !NextBlock())
                    return;
            }

            var block = _block!;
            int end = Math.Min(block.Count, _position + rows.Capacity - rows.RowCount);
            var events = block.Events;
            for (int i = _position; i < end; i++)
            {
                long line = block.Lines[i];
                long ticks = events[i].EventTimeTicks;
                _fileMinTicks = Math.Min(_fileMinTicks, ticks);
                _fileMaxTicks = Math.Max(_fileMaxTicks, ticks);
                long day = ticks / TimeSpan.TicksPerDay;
                if (day != _lastDay)
                {
                    _days.Add(day);
                    _lastDay = day;
                }

                _writer.Add(rows, in events[i], _sourceUtf8, line);
                if (!_fingerprints.Add(events[i].Fingerprint))
                    _duplicates.Add((block.Source, line));
            }

            _fileRows += end - _position;
            Rows += end - _position;
            _position = end;
        }
    }

    private bool NextBlock()
    {
        if (_block is not null)
            return true;
        if (!_blocks!.MoveNext())
            return false;
        _block = _blocks.Current;
        _position = 0;
        if (!ReferenceEquals(_block.Source, _source))
        {
            _source = _block.Source;
            _sourceUtf8 = Encoding.UTF8.GetBytes(_source);
        }

        return true;
    }

    private void ReturnBlock()
    {
        if (_block is null)
            return;
        _queue.Return(_block);
        _block = null;
    }
}
