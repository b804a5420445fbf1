using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// Per-event columns derived from a result: input MB/s (for <see cref="ReportsInputBytesAttribute"/> benchmarks),
/// million events per second, and bytes allocated per event to three decimals (BenchmarkDotNet's Allocated column
/// rounds to whole bytes, hiding amortised allocations).
/// </summary>
internal sealed class PerEventColumn : IColumn
{
    private readonly Kind _kind;

    private PerEventColumn(Kind kind) => _kind = kind;

    private enum Kind
    {
        MegabytesPerSecond,
        MillionEventsPerSecond,
        AllocatedPerEvent,
    }

    public static readonly IColumn MegabytesPerSecond = new PerEventColumn(Kind.MegabytesPerSecond);
    public static readonly IColumn MillionEventsPerSecond = new PerEventColumn(Kind.MillionEventsPerSecond);
    public static readonly IColumn AllocatedPerEvent = new PerEventColumn(Kind.AllocatedPerEvent);

    public string Id => $"ShopStream.{_kind}";

    public string ColumnName => _kind switch
    {
        Kind.MegabytesPerSecond => "MB/s",
        Kind.MillionEventsPerSecond => "Mevents/s",
        _ => "B/event",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)_kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _kind switch
    {
        Kind.MegabytesPerSecond => "Input CSV megabytes (10^6 B) per second, from the mean time per event and the sample's bytes per record",
        Kind.MillionEventsPerSecond => "Millions of events per second (1 / mean time per event)",
        _ => "Bytes allocated per event (managed heap, all GCs), to three decimals",
    };

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report is null)
            return "-";
        if (_kind == Kind.AllocatedPerEvent)
        {
            var gc = report.GcStats;
            return gc.TotalOperations == 0 || gc.GetTotalAllocatedBytes(true) is not { } allocated
                ? "-"
                : (allocated / (double)gc.TotalOperations).ToString("0.000", CultureInfo.InvariantCulture);
        }

        if (report.ResultStatistics is not { } stats || stats.Mean <= 0)
            return "-";
        double nsPerEvent = stats.Mean;
        if (_kind == Kind.MillionEventsPerSecond)
            return (1e3 / nsPerEvent).ToString("0.00", CultureInfo.InvariantCulture);
        bool bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ReportsInputBytesAttribute>() is not null;
        return bytes ? (SampleData.BytesPerEvent / nsPerEvent * 1e3).ToString("0", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
