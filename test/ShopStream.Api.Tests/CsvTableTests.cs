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
}
