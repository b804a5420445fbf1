using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Testing;

/// <summary>The outputs of a <see cref="StreamDriver"/> run, materialised for assertions.</summary>
public sealed class DriverRun(RunResult result, string deadLetterText)
{
    public RunResult Result { get; } = result;

    public RunSummary Summary => Result.Summary;

    public IReadOnlyList<WindowResult> Minutes { get; } = [.. result.MinuteMetrics];

    public IReadOnlyList<WindowResult> Hours { get; } = [.. result.HourlyMetrics];

    public IReadOnlyList<WindowResult> Rolling { get; } = [.. result.RollingMetrics];

    public IReadOnlyList<ProductHourly> Products { get; } = [.. result.ProductHourly];

    public IReadOnlyList<CategoryHourly> Categories { get; } = [.. result.CategoryHourly];

    public IReadOnlyList<TrendingProduct> Trending => Result.TrendingProducts;

    public IReadOnlyList<CartAbandonment> CartAbandonment { get; } = [.. result.CartAbandonment];

    public IReadOnlyList<OrderFact> Orders { get; } = [.. result.Orders];

    public IReadOnlyList<Alert> Alerts => Result.Alerts;

    /// <summary>The alerts of one type (<see cref="AlertTypes"/>).</summary>
    public IReadOnlyList<Alert> AlertsOf(string type) => [.. Alerts.Where(a => a.Type == type)];

    /// <summary>The dead-letter output, one JSON object per line.</summary>
    public IReadOnlyList<string> DeadLetters { get; } = deadLetterText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public WindowResult HourAt(DateTime start) => Hours.Single(h => h.WindowStart == start);
}
