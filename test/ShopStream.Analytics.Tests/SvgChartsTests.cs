using System.Globalization;
using System.Text.RegularExpressions;
using ShopStream.Analytics.Reporting;

namespace ShopStream.Analytics.Tests;

/// <summary>The report's column chart: every bar a valid rectangle, a refund day's going down from the zero line.</summary>
public sealed partial class SvgChartsTests
{
    [Fact]
    public void A_negative_day_is_a_column_down_from_the_zero_line_and_no_height_is_negative()
    {
        string svg = SvgCharts.Columns([("2019-10-01", 100m), ("2019-10-02", -50m), ("2019-10-03", 0m)]);

        var bars = Rect().Matches(svg).Select(m => (Y: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), H: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(3, bars.Length);
        Assert.All(bars, b => Assert.True(b.H >= 0, $"height {b.H}"));
        double zero = bars[0].Y + bars[0].H; // the positive bar ends on the zero line
        Assert.Equal(zero, bars[1].Y, 0.02); // the negative one starts there (coordinates have two decimals)
        Assert.Equal(bars[0].H / 2, bars[1].H, 0.02); // at half the height of 100
        Assert.Equal(0, bars[2].H);
        Assert.Contains(">-50.00</text>", svg, StringComparison.Ordinal); // the axis' minimum
        Assert.Contains($"y1=\"{zero.ToString("0.##", CultureInfo.InvariantCulture)}\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bar_label_longer_than_its_column_is_shortened_with_the_whole_in_its_tooltip()
    {
        // A campaign id of 3,000 characters ran past the chart's left edge, clipped to its last few.
        string id = new string('c', 3000);
        string emoji = new string('x', SvgCharts.MaxLabelLength - 2) + "\U0001F642\U0001F642"; // a cut inside the emoji would leave half of it
        string svg = SvgCharts.Bars([(id, 10m, "10.00"), ("short", 5m, "5.00"), (emoji, 1m, "1.00")]);

        Assert.Contains($"<title>{id}</title>{new string('c', SvgCharts.MaxLabelLength - 1)}…</text>", svg, StringComparison.Ordinal);
        Assert.Contains("<title>short</title>short</text>", svg, StringComparison.Ordinal);
        Assert.Contains($"</title>{new string('x', SvgCharts.MaxLabelLength - 2)}…</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zero_label_gives_way_to_a_minimum_or_maximum_label_beside_it()
    {
        string small = SvgCharts.Columns([("2019-10-01", 100m), ("2019-10-02", -1m)]); // zero 1.7 px above the minimum
        string even = SvgCharts.Columns([("2019-10-01", 100m), ("2019-10-02", -100m)]);

        Assert.DoesNotContain(">0</text>", small, StringComparison.Ordinal); // was drawn over "-1.00"
        Assert.Contains(">-1.00</text>", small, StringComparison.Ordinal);
        Assert.Contains(">0</text>", even, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_of_zero_revenue_sit_on_a_zero_line_at_the_bottom()
    {
        string svg = SvgCharts.Columns([("2019-10-01", 0m), ("2019-10-02", 0m)], height: 220);

        Assert.Contains("y1=\"190\"", svg, StringComparison.Ordinal); // 220 less the 30 below the axis
        Assert.DoesNotContain("height=\"-", svg, StringComparison.Ordinal);
    }

    [GeneratedRegex("<rect x=\"[^\"]*\" y=\"([^\"]*)\" width=\"[^\"]*\" height=\"([^\"]*)\"")]
    private static partial Regex Rect();
}
