namespace ShopStream.Generator.Model;

/// <summary>Brands seen in the REES46 stores, most frequent first (the generator adds Bogus-made ones for the long tail).</summary>
internal static class Brands
{
    public static readonly string[] Known =
    [
        "samsung", "apple", "xiaomi", "huawei", "lenovo", "lg", "acer", "bosch", "sony", "hp", "asus", "oppo", "artel", "nokia",
        "indesit", "philips", "polaris", "redmond", "vitek", "tefal", "electrolux", "casio", "haier", "beko", "midea", "vivo",
        "honor", "meizu", "jbl", "logitech", "kingston", "gigabyte", "msi", "dell", "canon", "epson", "panasonic", "karcher",
        "makita", "dewalt", "garmin", "tp-link", "braun", "kenwood", "gorenje", "ariston", "atlant", "elenberg", "scarlett",
        "starline", "pioneer", "jvc", "intel", "amd", "crucial", "transcend", "sandisk", "microsoft", "nike", "asics", "lego",
        "stels", "shimano", "cordiant", "triangle", "yokohama", "omron", "timberk", "ballu", "janome", "respect", "rieker",
    ];
}
