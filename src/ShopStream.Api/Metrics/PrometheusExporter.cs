using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Metrics;

/// <summary>
/// Serves the host's metrics in the Prometheus text exposition format (version 0.0.4). No Prometheus exporter
/// package is in this registry, so a <see cref="MeterListener"/> aggregates measurements itself: counters as sums
/// (<c>_total</c>), gauges and observable counters as their last observed value, histograms as cumulative buckets
/// with <c>_sum</c> and <c>_count</c>. Only instruments of meters created by this host's <see cref="IMeterFactory"/>
/// and named in <see cref="Meters"/> are listened to, so several hosts in one process (tests) never mix.
/// Names follow OpenTelemetry's Prometheus mapping: dots to underscores, unit <c>s</c> as <c>_seconds</c>.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>Meters exported: the server's own, those of a pipeline running beside it, and ASP.NET Core's HTTP server metrics.</summary>
    public static readonly IReadOnlyList<string> Meters =
        [ApiMetrics.MeterName, LivePipeline.MeterName, CheckpointMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    private static readonly double[] s_defaultBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> _families = new();
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && Meters.Contains(instrument.Meter.Name))
            {
                _families[instrument] = new Family(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Every metric's current value, in the text format.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.Where(f => !f.IsEmpty).OrderBy(f => f.Name, StringComparer.Ordinal))
                family.Write(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_families.TryGetValue(instrument, out var family))
            family.Record(value, tags);
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name)
    {
        var s = new StringBuilder(name.Length);
        foreach (char c in name)
            s.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        return s.ToString();
    }

    private static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One instrument: its series, one per distinct label set.</summary>
    private sealed class Family
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly Kind _kind;
        private readonly string _help;
        private readonly double[] _buckets;

        public Family(Instrument instrument)
        {
            var type = instrument.GetType();
            _kind = instrument is Histogram<double> or Histogram<long> or Histogram<int> ? Kind.Histogram
                : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Counter<>) ? Kind.Sum
                : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(UpDownCounter<>) ? Kind.UpDownSum
                : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ObservableCounter<>) ? Kind.ObservedCounter
                : Kind.Gauge;
            string name = Sanitize(instrument.Name);
            if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
                name += "_seconds";
            if (_kind is Kind.Sum or Kind.ObservedCounter)
                name += "_total";
            Name = name;
            _help = instrument.Description ?? instrument.Name;
            _buckets = instrument is Histogram<double> h && h.Advice?.HistogramBucketBoundaries is { Count: > 0 } advised
                ? [.. advised] : s_defaultBuckets;
        }

        public string Name { get; }

        public bool IsEmpty => _series.IsEmpty;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string labels = Labels(tags);
            var series = _series.GetOrAdd(labels, static (_, b) => new Series(b.Length), _buckets);
            lock (series)
            {
                switch (_kind)
                {
                    case Kind.Sum:
                    case Kind.UpDownSum:
                        series.Value += value;
                        break;
                    case Kind.Histogram:
                        series.Count++;
                        series.Value += value;
                        int i = Array.BinarySearch(_buckets, value);
                        series.Buckets[i >= 0 ? i : ~i]++; // a value equal to a bound counts in that bucket (le)
                        break;
                    default:
                        series.Value = value;
                        break;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            // Format 0.0.4 names a counter's family as its samples, _total included (OpenMetrics would leave it off).
            string type = _kind switch { Kind.Histogram => "histogram", Kind.Sum or Kind.ObservedCounter => "counter", _ => "gauge" };
            text.Append("# HELP ").Append(Name).Append(' ').Append(_help.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (_kind != Kind.Histogram)
                    {
                        text.Append(Name).Append(Braces(labels)).Append(' ').Append(Number(series.Value)).Append('\n');
                        continue;
                    }

                    long cumulative = 0;
                    for (int b = 0; b <= _buckets.Length; b++)
                    {
                        cumulative += series.Buckets[b];
                        string le = b < _buckets.Length ? Number(_buckets[b]) : "+Inf";
                        string all = labels.Length == 0 ? $"le=\"{le}\"" : $"{labels},le=\"{le}\"";
                        text.Append(Name).Append("_bucket{").Append(all).Append("} ").Append(cumulative).Append('\n');
                    }

                    text.Append(Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(series.Value)).Append('\n');
                    text.Append(Name).Append("_count").Append(Braces(labels)).Append(' ').Append(series.Count).Append('\n');
                }
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
                return "";
            var pairs = new List<(string Key, string Value)>(tags.Length);
            foreach (var t in tags)
                pairs.Add((Sanitize(t.Key), Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? ""));
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return string.Join(',', pairs.Select(p => $"{p.Key}=\"{Escape(p.Value)}\""));
        }
    }

    private sealed class Series(int buckets)
    {
        public double Value;
        public long Count;
        public readonly long[] Buckets = new long[buckets + 1];
    }

    private enum Kind
    {
        Sum,
        UpDownSum,
        ObservedCounter,
        Gauge,
        Histogram,
    }
}
