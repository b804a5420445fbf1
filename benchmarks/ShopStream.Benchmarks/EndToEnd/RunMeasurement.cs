namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// One child-process run: wall time, peak resident set, CPU time, and how busy the rest of the machine was just
/// before (<see cref="BackgroundCpu"/>) and during the run (<see cref="BackgroundDuring"/>: machine CPU time less
/// the child's, as a share of all CPUs over the run; a rough noise indicator).
/// </summary>
internal sealed record RunMeasurement(
    string Engine,
    double WallSeconds,
    long PeakRssKb,
    double UserSeconds,
    double SystemSeconds,
    double BackgroundCpu,
    double BackgroundDuring,
    string Source)
{
    public double CpuSeconds => UserSeconds + SystemSeconds;
}
