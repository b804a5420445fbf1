using System.Globalization;
using ShopStream.Lake.Delta;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake writer thread's side of bronze: appends each block of events to a DuckDB staging table and, every
/// <see cref="LakeRunOptions.RowsPerFile"/> rows, writes the staged rows as one final bronze Parquet file (not yet
/// committed) and keeps only their fingerprints, input and line (<c>lake_fingerprints</c>, 28 bytes a row, which
/// DuckDB spills past its memory limit) for silver's dedup. So the run's events never pile up in memory.
/// </summary>
internal sealed class BronzeStage : IDisposable
{
    /// <summary>The staging table: the events appended since the last bronze file.</summary>
    private const string Staging = "lake_staging";

    private readonly DuckDbConnection _connection;
    private readonly DeltaFileSet _files;
    private readonly int _rowsPerFile;
    private readonly string _bronzeSql;
    private readonly BronzeRowWriter _rows = new();
    private DuckDbAppender? _appender;
    private string? _source;
    private int _sourceIndex = -1;
    private long _staged;

    public BronzeStage(DuckDbConnection connection, DeltaFileSet files, LakeRunOptions options)
    {
        _connection = connection;
        _files = files;
        _rowsPerFile = options.RowsPerFile;
        string ingested = options.IngestedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        _bronzeSql = $"SELECT {BronzeRowWriter.EventColumns}, s.source, line, TIMESTAMPTZ '{ingested}+00' AS ingested_at FROM {Staging} JOIN lake_sources s USING (src)";
        connection.Execute(BronzeRowWriter.CreateTable(Staging));
        connection.Execute("""
            CREATE OR REPLACE TABLE lake_sources (src INTEGER, source VARCHAR);
            CREATE OR REPLACE TABLE lake_fingerprints (fp_hi BIGINT, fp_lo BIGINT, src INTEGER, line BIGINT)
            """);
    }

    /// <summary>Events staged so far, written or not.</summary>
    public long Rows { get; private set; }

    public void Append(EventBlock block)
    {
        if (!ReferenceEquals(block.Source, _source))
        {
            _source = block.Source;
            _sourceIndex++;
            using var sources = _connection.CreateAppender("lake_sources");
            sources.Append(_sourceIndex).Append(_source).EndRow();
            sources.Close();
        }

        _appender ??= _connection.CreateAppender(Staging);
        _rows.Append(_appender, block, _sourceIndex);
        _staged += block.Count;
        Rows += block.Count;
        if (_staged >= _rowsPerFile)
            Flush();
    }

    /// <summary>Writes the staged rows as a bronze file and keeps their fingerprints; the staging table starts empty again.</summary>
    public void Flush()
    {
        if (_appender is null)
            return;
        _rows.Flush(_appender);
        _appender.Close();
        _appender.Dispose();
        _appender = null;
        _files.Copy(_connection, _bronzeSql);
        _connection.Execute($"INSERT INTO lake_fingerprints SELECT fp_hi, fp_lo, src, line FROM {Staging}; {BronzeRowWriter.CreateTable(Staging)}");
        _staged = 0;
    }

    public void Dispose()
    {
        _appender?.Dispose();
        _rows.Dispose();
    }
}
