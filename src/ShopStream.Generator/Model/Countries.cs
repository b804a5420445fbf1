namespace ShopStream.Generator.Model;

/// <summary>Where users are: ISO code (JSON lines), English name (order lines, as UCI), traffic weight, VAT and nearest warehouse.</summary>
internal static class Countries
{
    public readonly record struct Country(string Code, string Name, double Weight, int VatPercent, int Warehouse);

    public static readonly string[] Warehouses = ["BER", "WAW", "MAD", "LON"];

    public static readonly Country[] All =
    [
        new("GB", "United Kingdom", 30, 20, 3), new("DE", "Germany", 16, 19, 0), new("FR", "France", 11, 20, 0),
        new("PL", "Poland", 8, 23, 1), new("ES", "Spain", 6, 21, 2), new("IT", "Italy", 6, 22, 2),
        new("NL", "Netherlands", 4, 21, 0), new("IE", "EIRE", 3, 23, 3), new("BE", "Belgium", 2.5, 21, 0),
        new("SE", "Sweden", 2, 25, 0), new("CZ", "Czech Republic", 2, 21, 1), new("PT", "Portugal", 2, 23, 2),
        new("AT", "Austria", 1.5, 20, 0), new("DK", "Denmark", 1.2, 25, 0), new("UA", "Ukraine", 1.8, 20, 1),
        new("US", "USA", 1.5, 0, 3), new("CH", "Switzerland", 0.8, 8, 0), new("NO", "Norway", 0.7, 25, 0),
    ];

    public static readonly string[] PaymentMethods = ["card", "paypal", "apple_pay", "google_pay", "klarna", "bank_transfer", "cash_on_delivery"];
}
