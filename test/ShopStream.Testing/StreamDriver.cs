using System.Globalization;
using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;

namespace ShopStream.Testing;

/// <summary>
/// A test driver: pipe timed events in arrival order through the real pipeline (as REES46 records, so parsing,
/// dedup, watermarks and windows all run as in production) and read the outputs and dead letters.
/// </summary>
public sealed class StreamDriver(PipelineOptions? options = null)
{
    private readonly StringBuilder _csv = new("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n");
    private readonly PipelineOptions _options = options ?? new PipelineOptions { Partitions = 2, ParseThreads = 1 };

    public int Count { get; private set; }

    /// <summary>Queues one event (arrival order is the order of calls).</summary>
    public StreamDriver Pipe(DateTime time, string type = "view", long user = 1, long product = 1, decimal price = 1m, string? category = null)
    {
        _csv.Append(CultureInfo.InvariantCulture, $"{time:yyyy-MM-dd HH:mm:ss} UTC,{type},{product},,{category},,{price.ToString(CultureInfo.InvariantCulture)},{user},\n");
        Count++;
        return this;
    }

    /// <summary>Runs everything piped so far as one stream.</summary>
    public DriverRun Run()
    {
        using var deadLetters = new MemoryStream();
        RunResult result;
        using (var writer = new DeadLetterWriter(deadLetters))
        {
            var input = InputFile.FromStream("driver", new MemoryStream(Encoding.UTF8.GetBytes(_csv.ToString())));
            var reader = new EventReader([input], InputFormat.Rees46, writer, _options.BatchSize, _options.ParseThreads);
            result = StreamPipeline.Run(reader, _options);
        }

        return new DriverRun(result, Encoding.UTF8.GetString(deadLetters.ToArray()));
    }
}
