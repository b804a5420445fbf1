namespace ShopStream.Generator;

/// <summary>What the generator writes (SPEC's sources).</summary>
public enum OutputFormat
{
    /// <summary>REES46 clickstream CSV: view, cart, remove_from_cart, purchase (no searches, no refunds: the layout has no place for them).</summary>
    Rees46,

    /// <summary>JSON lines with SPEC's canonical field names plus extra fields (campaign, UTM, device, order totals).</summary>
    JsonLines,

    /// <summary>UCI Online Retail order lines: one line per purchased item, <c>C</c> invoices for cancellations.</summary>
    Orders,
}
