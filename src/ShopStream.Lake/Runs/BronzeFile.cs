namespace ShopStream.Lake.Runs;

/// <summary>A bronze Parquet file the run wrote, with the first and last event time in it (UTC ticks).</summary>
internal sealed record BronzeFile(string Path, long MinTicks, long MaxTicks);
