using ShopStream.Core.Processing.Windows;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The run's window metrics as rows of gold's files, in the columns of <see cref="Tables.LakeTables"/>' gold schemas:
/// money and rates rounded half away from zero to their column's scale, times in microseconds (profiles and sessions
/// come through <see cref="GoldResultRows"/>).
/// </summary>
internal static class GoldRows
{
    public static void WriteWindows(ParquetFileWriter file, IEnumerable<WindowResult> windows)
    {
        var columns = Enumerable.Range(0, 10).Select(file.Int64).ToArray();
        foreach (var w in windows)
        {
            columns[0].AddTicks(w.WindowStart.Ticks);
            columns[1].Add(w.Events);
            columns[2].Add(w.Views);
            columns[3].Add(w.Carts);
            columns[4].Add(w.Removes);
            columns[5].Add(w.Purchases);
            columns[6].AddDecimal(w.Revenue);
            columns[7].Add(w.Users);
            columns[8].AddDecimal(w.ViewToCartRate);
            columns[9].AddDecimal(w.CartToPurchaseRate);
            file.EndRow();
        }
    }
}
