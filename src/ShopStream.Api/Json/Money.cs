namespace ShopStream.Api.Json;

/// <summary>Money as SPEC writes it, with two places whatever the store kept.</summary>
internal static class Money
{
    // Live state sums 0 as 0, a CSV reads 0.00, PostgreSQL's numeric gives 0: adding 0.00 sets the scale.
    public static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
