namespace ShopStream.Benchmarks.Generation;

/// <summary>
/// Category codes and brands as they occur in the REES46 2019-Oct sample, most frequent first, so generated rows
/// have the real data's shape (lengths, cardinality, a popular head and a long tail).
/// </summary>
internal static class CatalogNames
{
    public static readonly string[] CategoryCodes =
    [
        "electronics.smartphone", "electronics.clocks", "electronics.audio.headphone", "computers.notebook",
        "appliances.environment.air_heater", "appliances.kitchen.washer", "apparel.shoes.keds", "appliances.environment.vacuum",
        "apparel.shoes", "appliances.kitchen.refrigerators", "electronics.video.tv", "computers.desktop",
        "appliances.environment.water_heater", "auto.accessories.alarm", "auto.accessories.player", "computers.components.hdd",
        "construction.tools.saw", "computers.peripherals.monitor", "appliances.kitchen.meat_grinder", "furniture.living_room.cabinet",
        "construction.tools.drill", "electronics.telephone", "auto.accessories.videoregister", "computers.components.videocards",
        "furniture.kitchen.table", "appliances.kitchen.blender", "furniture.bedroom.bed", "electronics.tablet", "sport.bicycle",
        "construction.tools.welding", "kids.carriage", "computers.peripherals.printer", "appliances.kitchen.kettle", "appliances.iron",
        "appliances.kitchen.microwave", "appliances.sewing_machine", "furniture.kitchen.chair", "construction.tools.pump",
        "apparel.shoes.slipons", "appliances.kitchen.grill", "electronics.audio.subwoofer", "accessories.bag",
        "furniture.bathroom.toilet", "kids.skates", "appliances.kitchen.dishwasher", "appliances.environment.air_conditioner",
        "appliances.kitchen.oven", "computers.components.power_supply", "computers.peripherals.mouse", "stationery.cartrige",
        "furniture.living_room.sofa", "appliances.ironing_board", "electronics.video.projector", "electronics.camera.video",
        "computers.components.motherboard", "electronics.audio.microphone", "appliances.kitchen.mixer", "furniture.living_room.chair",
        "auto.accessories.compressor", "appliances.personal.hair_cutter", "computers.components.cpu", "construction.tools.generator",
        "electronics.audio.acoustic", "kids.toys", "accessories.umbrella", "apparel.shoes.moccasins", "kids.fmcg.diapers",
        "furniture.bedroom.pillow", "apparel.underwear", "auto.accessories.radar", "appliances.kitchen.coffee_machine", "sport.trainer",
        "computers.peripherals.keyboard", "medicine.tools.tonometer", "computers.components.memory", "apparel.dress", "accessories.wallet",
        "construction.components.faucet", "appliances.kitchen.hob", "appliances.kitchen.hood", "furniture.bathroom.bath", "apparel.sock",
        "apparel.trousers", "electronics.audio.music_tools.piano", "electronics.camera.photo", "computers.ebooks",
        "appliances.kitchen.toster", "sport.snowboard", "appliances.kitchen.steam_cooker", "apparel.shoes.sandals",
        "construction.tools.light", "kids.dolls", "country_yard.furniture.hammok",
    ];

    public static readonly string[] Brands =
    [
        "samsung", "apple", "xiaomi", "huawei", "bosch", "lucente", "acer", "lg", "cordiant", "lenovo", "nokia", "hp", "oppo",
        "respect", "sony", "artel", "elenberg", "redmond", "polaris", "casio", "stels", "dauscher", "triangle", "starline", "vitek",
        "oasis", "asus", "indesit", "sv", "vivo", "karcher", "pulser", "janome", "oneplus", "ariston", "force", "omron", "luminarc",
        "electrolux", "meizu", "philips", "baden", "midea", "gerat", "haier", "yokohama", "tefal", "nokian", "bts", "kingston",
        "elari", "brw", "beko", "viatti", "svc", "longines", "panasonic", "skad", "garmin", "gigabyte", "carters", "gran-stone",
        "strobbs", "microsoft", "bq", "honor", "tissot", "scarlett", "tp-link", "jbl", "leo", "dewalt", "transcend", "viking",
        "crown", "epson", "fender", "dell", "denzel", "lorelli", "shimano", "gorenje", "kipardo", "maxxis", "canon", "qmax",
        "sho-me", "zeta", "sokolov", "crucial", "timberk", "granhel", "jvc", "montale", "pioneer", "huter", "matador", "logitech",
        "erlit", "nika", "ritmix", "orient", "fassen", "ballu", "asics", "laston", "carver", "braun", "tomahawk", "lego", "gefest",
        "lux", "riviera", "pride", "rush", "hansa", "fly", "kugoo", "housefit", "tcl", "yasin", "lanvin", "hubert", "tarkett",
        "cersanit", "rieker", "bars", "nestogen", "aimoto", "versace", "jaguar", "intel", "stihl", "bugatti", "belecoo", "wera",
        "maxwell", "atlant", "teploross", "kenwood", "trust", "prestigio", "vegas", "aeroforce", "nexen", "makita", "powercolor",
        "marshall", "domani-spa", "comforser", "rondell", "ersport", "domini", "cougar", "santek", "saturn", "welly", "nike",
        "asrock", "shagovita",
    ];
}
