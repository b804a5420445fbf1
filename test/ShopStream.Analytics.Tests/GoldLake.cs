using System.Globalization;
using ShopStream.Analytics.Jobs;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;
using ShopStream.Lake.Tests.Runs;

namespace ShopStream.Analytics.Tests;

/// <summary>
/// A lake landed by the real pipeline from an input (a sample, or hand-made CSV text), on which the gold models run;
/// <see cref="Query"/> reads any table back with DuckDB.
/// </summary>
internal sealed class GoldLake : IDisposable
{
    private readonly ShopStream.Tests.TempFolder _inputs = new();

    public GoldLake(string inputPath) => Lake = new LakeRun(inputPath);

    public static GoldLake FromText(string csv)
    {
        using var folder = new ShopStream.Tests.TempFolder();
        string file = folder.File("input.csv");
        File.WriteAllText(file, csv);
        return new GoldLake(file);
    }

    public LakeRun Lake { get; }

    public ILakeStorage Storage => Lake.Storage;

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public GoldRunResult Run(GoldRunOptions? options = null, Func<GoldRunner, GoldRunner>? configure = null)
    {
        var runner = new GoldRunner(Storage, options ?? new GoldRunOptions { RetryDelay = TimeSpan.Zero }, Clock);
        return (configure?.Invoke(runner) ?? runner).RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>Rows of a query over the latest versions of the lake's and the models' tables, each as invariant text.</summary>
    public List<string?[]> Query(string sql)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        string cache = _inputs.File("cache");
        // A damaged table (a test's doing) gets no view; the others, the jobs' history among them, still read.
        LakeViews.CreateAsync(connection, Storage, new LakeReadOptions(), cache, unavailable: (_, _) => { }).GetAwaiter().GetResult();
        GoldViews.CreateAsync(connection, Storage, cache).GetAwaiter().GetResult();

        var rows = new List<string?[]>();
        using var result = connection.Query(sql);
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
                rows.Add(Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.Column(c).Text(r)).ToArray());
        }

        return rows;
    }

    /// <summary>The jobs' history as the runner and <c>jobs history</c> read it, oldest step first.</summary>
    public IReadOnlyList<ModelRun> History()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        return RunHistory.ReadAsync(connection, Storage, _inputs.File("history-cache")).GetAwaiter().GetResult();
    }

    public long Count(string sql) => long.Parse(Query(sql)[0][0]!, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Lake.Dispose();
        _inputs.Dispose();
    }
}
