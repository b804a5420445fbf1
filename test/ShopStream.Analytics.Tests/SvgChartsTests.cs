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
        string svg = SvgCharts.Columns([(Day(1), 100m), (Day(2), -50m), (Day(3), 0m)]);

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
    public void The_zero_line_is_always_0_and_an_extreme_beside_it_moves_off_by_a_line()
    {
        string small = SvgCharts.Columns([(Day(1), 100m), (Day(2), -1m)]); // zero 1.7 px above the minimum
        string even = SvgCharts.Columns([(Day(1), 100m), (Day(2), -100m)]);

        // It drew "-1.00" at the zero line and no 0, which read as the line's value.
        var labels = AxisLabels().Matches(small).ToDictionary(m => m.Groups[2].Value, m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(labels["-1.00"] - labels["0"] >= 11.99, $"0 at {labels["0"]}, -1.00 at {labels["-1.00"]}"); // a line apart (coordinates have two decimals)
        Assert.Contains(">0</text>", even, StringComparison.Ordinal);
        Assert.Contains(">-100.00</text>", even, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_are_placed_by_date_so_days_without_revenue_are_a_gap()
    {
        // Placed one after another, the retail sample's 23 December to 4 January without sales did not show.
        string svg = SvgCharts.Columns([(Day(1), 10m), (Day(2), 10m), (Day(10), 10m)]);

        var xs = RectX().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, xs.Length);
        Assert.Equal((xs[1] - xs[0]) * 8, xs[2] - xs[1], 0.05);
        Assert.Contains(">2019-10-10</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_axis_label_widens_its_column_instead_of_running_off_the_edge()
    {
        string svg = SvgCharts.Columns([(Day(1), 49_999_999_999_500m), (Day(2), 1m)]);

        // At x = 64, right-aligned, the label's 21 characters began at about -70.
        var label = AxisLabels().Matches(svg).Single(m => m.Groups[2].Value == "49,999,999,999,500.00");
        double right = double.Parse(XOf().Match(label.Value).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(right - (6.5 * 21) >= 0, $"ends at {right}");
    }

    [Fact]
    public void No_points_or_rows_say_no_data()
    {
        Assert.Contains(">no data</text>", SvgCharts.Columns([]), StringComparison.Ordinal);
        Assert.Contains(">no data</text>", SvgCharts.Bars([]), StringComparison.Ordinal); // an empty box in a report of no events
    }

    [Fact]
    public void Days_of_zero_revenue_sit_on_a_zero_line_at_the_bottom()
    {
        string svg = SvgCharts.Columns([(Day(1), 0m), (Day(2), 0m)], height: 220);

        Assert.Contains("y1=\"190\"", svg, StringComparison.Ordinal); // 220 less the 30 below the axis
        Assert.DoesNotContain("height=\"-", svg, StringComparison.Ordinal);
    }

    private static DateTime Day(int october) => new(2019, 10, october, 0, 0, 0, DateTimeKind.Utc);

    [GeneratedRegex("<text x=\"[^\"]*\" y=\"([^\"]*)\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">([^<]*)</text>")]
    private static partial Regex AxisLabels();

    [GeneratedRegex("<text x=\"([^\"]*)\"")]
    private static partial Regex XOf();

    [GeneratedRegex("<rect x=\"([^\"]*)\"")]
    private static partial Regex RectX();

    [GeneratedRegex("<rect x=\"[^\"]*\" y=\"([^\"]*)\" width=\"[^\"]*\" height=\"([^\"]*)\"")]
    private static partial Regex Rect();
}
