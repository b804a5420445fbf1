using System.Globalization;
using System.Text;

namespace ShopStream.Core.Tests;

/// <summary>Builds REES46 CSV text for tests: rows with sensible defaults and times relative to a fixed start.</summary>
internal static class Rees46Rows
{
    public const string Header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

    public static readonly DateTime T0 = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    public static readonly string[] Fields = Header.Split(',');

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Row(
        DateTime time, string type = "view", long product = 100, long user = 1, string price = "10.00",
        string categoryId = "2053013552326770905", string category = "electronics.smartphone", string brand = "acme",
        string session = "72d76fde-8bb3-4e00-8c23-a032dfed738c") =>
        string.Join(',', Time(time), type, product, categoryId, category, brand, price, user, session);

    /// <summary>A valid row with one field (by header name) replaced by <paramref name="value"/>, verbatim.</summary>
    public static string RowWith(string field, string value)
    {
        var parts = Row(T0).Split(',');
        parts[Array.IndexOf(Fields, field)] = value;
        return string.Join(',', parts);
    }

    /// <summary>Header plus rows, each ending in LF.</summary>
    public static string Csv(params IEnumerable<string> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var row in rows)
            sb.Append(row).Append('\n');
        return sb.ToString();
    }
}
