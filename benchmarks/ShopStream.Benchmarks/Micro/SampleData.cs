using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Text;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// The real REES46 sample (samples/rees46-2019-Oct-head-5000.csv), as the microbenchmarks' input: exactly
/// <see cref="Events"/> data records (cycled if the file had fewer), their bytes, and the events they parse to.
/// </summary>
internal static class SampleData
{
    /// <summary>Events per benchmark invocation; every benchmark's OperationsPerInvoke, so results are per event.</summary>
    public const int Events = 5000;

    private static readonly Lazy<Loaded> s_loaded = new(Load);

    /// <summary>Header plus the <see cref="Events"/> records, LF-terminated.</summary>
    public static byte[] File => s_loaded.Value.File;

    /// <summary>Where each record lies in <see cref="File"/> (without its line end).</summary>
    public static (int Start, int Length)[] Records => s_loaded.Value.Records;

    /// <summary>Average input bytes per event (record plus its line end), for MB/s.</summary>
    public static double BytesPerEvent => s_loaded.Value.BytesPerEvent;

    /// <summary>The header, then the <see cref="Events"/> records <paramref name="times"/> times over.</summary>
    public static byte[] Repeated(int times)
    {
        var file = File;
        int header = Records[0].Start;
        var body = file.AsSpan(header);
        var result = new byte[header + (body.Length * times)];
        file.AsSpan(0, header).CopyTo(result);
        for (int t = 0; t < times; t++)
            body.CopyTo(result.AsSpan(header + (t * body.Length)));
        return result;
    }

    public static ReadOnlySpan<byte> Record(int i) => File.AsSpan(Records[i].Start, Records[i].Length);

    /// <summary>The records parsed by <see cref="Rees46Parser"/>, in file order.</summary>
    public static ShopEvent[] ParseEvents()
    {
        var parser = new Rees46Parser(new StringPool());
        var events = new ShopEvent[Events];
        for (int i = 0; i < Events; i++)
        {
            var reason = parser.Parse(Record(i), ref events[i]);
            if (reason != Core.Validation.RejectReason.None)
                throw new InvalidOperationException($"sample record {i} rejected: {reason}");
        }

        return events;
    }

    /// <summary>The stream watermark after each event (running max event time minus 5 minutes), as the router stamps it.</summary>
    public static long[] Watermarks(ShopEvent[] events)
    {
        var wm = new long[events.Length];
        long max = long.MinValue;
        for (int i = 0; i < events.Length; i++)
        {
            max = Math.Max(max, events[i].EventTimeTicks);
            wm[i] = max - TimeSpan.FromMinutes(5).Ticks;
        }

        return wm;
    }

    private static Loaded Load()
    {
        var raw = System.IO.File.ReadAllBytes(Paths.Sample);
        var lines = new List<(int, int)>();
        int pos = 0;
        while (pos < raw.Length)
        {
            int nl = Array.IndexOf(raw, (byte)'\n', pos);
            int end = nl < 0 ? raw.Length : nl;
            int len = end - pos;
            if (len > 0 && raw[end - 1] == '\r')
                len--;
            if (len > 0)
                lines.Add((pos, len));
            pos = end + 1;
        }

        if (lines.Count < 2)
            throw new InvalidOperationException($"{Paths.Sample} has no records");
        using var ms = new MemoryStream();
        var header = raw.AsSpan(lines[0].Item1, lines[0].Item2);
        ms.Write(header);
        ms.WriteByte((byte)'\n');
        var records = new (int, int)[Events];
        long dataBytes = 0;
        for (int i = 0; i < Events; i++)
        {
            var (s, l) = lines[1 + (i % (lines.Count - 1))];
            records[i] = ((int)ms.Position, l);
            ms.Write(raw, s, l);
            ms.WriteByte((byte)'\n');
            dataBytes += l + 1;
        }

        return new Loaded(ms.ToArray(), records, (double)dataBytes / Events);
    }

    private sealed record Loaded(byte[] File, (int Start, int Length)[] Records, double BytesPerEvent);
}
