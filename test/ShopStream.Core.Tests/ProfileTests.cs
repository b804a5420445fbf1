using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Tests;

/// <summary>SPEC "Customer profile" fields beyond the sample: top values and their ties, distinct products, first/last seen.</summary>
public sealed class ProfileTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    private static CustomerProfile ProfileOf(params IEnumerable<string> rows) => Assert.Single(TestPipeline.Run(Rees46Rows.Csv(rows)).Result.Profiles);

    [Fact]
    public void Top_brand_tie_goes_to_the_ordinally_smallest_value()
    {
        // By code point, not culture: "Zeta" < "alpha" because 'Z' (0x5A) sorts before 'a' (0x61).
        var p = ProfileOf(
            Rees46Rows.Row(s_t0, brand: "alpha", category: "b.cat"),
            Rees46Rows.Row(s_t0.AddMinutes(1), brand: "Zeta", category: "a.cat"),
            Rees46Rows.Row(s_t0.AddMinutes(2), brand: "", category: ""),
            Rees46Rows.Row(s_t0.AddMinutes(3), brand: "", category: ""));

        Assert.Equal("Zeta", p.TopBrand);
        Assert.Equal("a.cat", p.TopCategory);
    }

    [Fact]
    public void A_tie_goes_to_the_smallest_code_point_as_in_sql_not_the_smallest_utf16_unit()
    {
        // U+FF21 (full-width A) against U+1F642 (an emoji, UTF-16 surrogates U+D83D U+DE42): SQL (and UTF-8 bytes) put
        // the full-width letter first; .NET's ordinal order put the emoji first, and it won the tie.
        var p = ProfileOf(
            Rees46Rows.Row(s_t0, brand: "\U0001F642", category: "x.\U0001F642"),
            Rees46Rows.Row(s_t0.AddMinutes(1), brand: "\uFF21", category: "x.\uFF21"));

        Assert.Equal("\uFF21", p.TopBrand);
        Assert.Equal("x.\uFF21", p.TopCategory);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)] // past the small-array representation
    public void Top_value_is_the_most_frequent_non_empty_one(int distinct)
    {
        var rows = Enumerable.Range(0, distinct).Select(i => Rees46Rows.Row(s_t0.AddSeconds(i), brand: $"b{i:D3}", category: $"c.{i:D3}")).ToList();
        rows.Add(Rees46Rows.Row(s_t0.AddSeconds(100), brand: $"b{distinct - 1:D3}", category: "c.001"));

        var p = ProfileOf(rows);

        Assert.Equal($"b{distinct - 1:D3}", p.TopBrand);
        Assert.Equal("c.001", p.TopCategory);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public void All_values_tied_go_to_the_smallest(int distinct)
    {
        var rows = Enumerable.Range(0, distinct).Reverse().Select(i => Rees46Rows.Row(s_t0.AddSeconds(100 - i), brand: $"b{i:D3}"));

        Assert.Equal("b000", ProfileOf(rows).TopBrand);
    }

    [Fact]
    public void Only_empty_values_give_no_top_value()
    {
        var p = ProfileOf(Rees46Rows.Row(s_t0, brand: "", category: ""));

        Assert.Null(p.TopBrand);
        Assert.Null(p.TopCategory);
    }

    [Fact]
    public void Products_viewed_counts_distinct_products_of_views_only()
    {
        var rows = Enumerable.Range(0, 30).Select(i => Rees46Rows.Row(s_t0.AddSeconds(i), product: 1000 + (i % 12))).ToList();
        rows.Add(Rees46Rows.Row(s_t0.AddSeconds(40), "cart", product: 5));
        rows.Add(Rees46Rows.Row(s_t0.AddSeconds(41), "purchase", product: 6));

        var p = ProfileOf(rows);

        Assert.Equal(12, p.ProductsViewed);
        Assert.Equal((32, 30, 1, 1), (p.Events, p.Views, p.Carts, p.Purchases));
    }

    [Fact]
    public void First_and_last_seen_are_event_times_whatever_the_arrival_order()
    {
        var p = ProfileOf(
            Rees46Rows.Row(s_t0.AddMinutes(3), product: 1),
            Rees46Rows.Row(s_t0, product: 2),
            Rees46Rows.Row(s_t0.AddMinutes(4), "remove_from_cart", product: 3),
            Rees46Rows.Row(s_t0.AddMinutes(1), product: 4));

        Assert.Equal(s_t0, p.FirstSeen);
        Assert.Equal(s_t0.AddMinutes(4), p.LastSeen);
        Assert.Equal(DateTimeKind.Utc, p.FirstSeen.Kind);
        Assert.Equal(1, p.Removes);
        Assert.Equal(1, p.Sessions);
    }
}
