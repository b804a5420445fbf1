using ShopStream.Api.Store;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

/// <summary>A run folder's CSV file that cannot be read as a table is reported and closed again.</summary>
public sealed class CsvTableTests
{
    [Fact]
    public void A_file_without_a_header_line_is_an_error_and_is_not_left_open()
    {
        using var temp = new TempFolder();
        string file = temp.File("profiles.csv");
        File.WriteAllBytes(file, []);

        var error = Assert.Throws<InvalidDataException>(() => CsvTable.OpenIfExists(file));

        Assert.Contains("has no header line", error.Message);
        Assert.Empty(OpenFiles.Under(file));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2_500_000L)] // .25 s: a run's output of millisecond input times could not be served
    [InlineData(1L)] // seven digits
    [InlineData(1_230_000L)]
    public void Times_read_back_as_the_run_writes_them_with_or_without_a_fraction(long fractionTicks)
    {
        var time = new DateTime(2019, 10, 1, 3, 4, 5, DateTimeKind.Utc).AddTicks(fractionTicks);
        var bytes = new byte[ShopStream.Core.Output.Iso8601.MaxLength];
        string text = System.Text.Encoding.ASCII.GetString(bytes, 0, ShopStream.Core.Output.Iso8601.Format(time, bytes));

        Assert.Equal(time, CsvTable.Time(text));
        Assert.Equal(DateTimeKind.Utc, CsvTable.Time(text).Kind);
    }
}
