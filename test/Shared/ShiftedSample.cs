using System.Globalization;
using System.Text;
namespace ShopStream.Tests;

/// <summary>
/// A bigger, messier input made from the REES46 sample: copies shifted by a day each (new user ids), with broken
/// rows, exact duplicates and, every so often, a row from days back (late beyond the windows' lateness), so every
/// operator has state all the way through.
/// </summary>
internal static class ShiftedSample
{
    public static void Write(string path, int copies)
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write(lines[0] + "\n");
        string? earlier = null;
        for (int c = 0; c < copies; c++)
        {
            for (int i = 1; i < lines.Length; i++)
            {
                string row = Shift(lines[i], c);
                w.Write(row + "\n");
                if (i % 997 == 0)
                    w.Write("broken,row\n");
                if (i % 501 == 0)
                    w.Write(row + "\n");
                if (i % 1499 == 0 && earlier is not null)
                    w.Write(earlier + "\n");
                if (i == 2500)
                    earlier = row;
            }
        }
    }

    private static string Shift(string line, int copy)
    {
        var f = line.Split(',');
        f[0] = DateTime.Parse(f[0][..19], CultureInfo.InvariantCulture).AddDays(copy).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        f[7] = (long.Parse(f[7], CultureInfo.InvariantCulture) + copy * 1_000_000_000L).ToString(CultureInfo.InvariantCulture);
        return string.Join(',', f);
    }
}
