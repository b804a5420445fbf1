namespace ShopStream.Generator.Model;

/// <summary>
/// Leaf categories with REES46-style dotted codes, a popularity weight and a log-normal price (median and
/// spread, in the shop's currency): electronics dominate, as in the REES46 stores.
/// </summary>
internal static class CategoryTable
{
    public readonly record struct Leaf(string Code, double Weight, double MedianPrice, double Sigma);

    public static readonly Leaf[] Leaves =
    [
        new("electronics.smartphone", 30, 260, 0.7), new("electronics.audio.headphone", 8, 45, 0.9),
        new("electronics.video.tv", 5, 420, 0.6), new("electronics.clocks", 5, 180, 0.9),
        new("electronics.tablet", 2.5, 280, 0.6), new("electronics.telephone", 1, 25, 0.6),
        new("electronics.audio.subwoofer", 0.6, 120, 0.6), new("electronics.audio.acoustic", 0.8, 90, 0.9),
        new("electronics.camera.photo", 0.7, 450, 0.7), new("electronics.camera.video", 0.4, 250, 0.7),
        new("electronics.video.projector", 0.3, 500, 0.6), new("electronics.audio.microphone", 0.3, 60, 0.8),
        new("computers.notebook", 6, 720, 0.5), new("computers.desktop", 1.5, 650, 0.6),
        new("computers.peripherals.monitor", 1.4, 210, 0.5), new("computers.peripherals.printer", 1, 160, 0.6),
        new("computers.peripherals.mouse", 1.2, 18, 0.8), new("computers.peripherals.keyboard", 0.8, 30, 0.8),
        new("computers.components.videocards", 1, 380, 0.7), new("computers.components.hdd", 0.9, 70, 0.6),
        new("computers.components.cpu", 0.5, 230, 0.7), new("computers.components.motherboard", 0.5, 130, 0.6),
        new("computers.components.memory", 0.5, 55, 0.6), new("computers.components.power_supply", 0.4, 65, 0.5),
        new("computers.ebooks", 0.3, 110, 0.4),
        new("appliances.kitchen.washer", 2.4, 330, 0.4), new("appliances.kitchen.refrigerators", 2.2, 520, 0.5),
        new("appliances.environment.vacuum", 2.4, 140, 0.7), new("appliances.environment.air_heater", 1.2, 45, 0.7),
        new("appliances.environment.water_heater", 0.9, 120, 0.6), new("appliances.environment.air_conditioner", 0.6, 410, 0.4),
        new("appliances.kitchen.microwave", 0.8, 90, 0.4), new("appliances.kitchen.kettle", 1.1, 28, 0.6),
        new("appliances.kitchen.blender", 0.8, 45, 0.7), new("appliances.kitchen.coffee_machine", 0.5, 230, 0.9),
        new("appliances.kitchen.dishwasher", 0.6, 380, 0.3), new("appliances.kitchen.oven", 0.4, 350, 0.5),
        new("appliances.kitchen.hob", 0.4, 260, 0.5), new("appliances.kitchen.hood", 0.4, 170, 0.5),
        new("appliances.kitchen.meat_grinder", 0.5, 75, 0.5), new("appliances.iron", 0.8, 35, 0.6),
        new("appliances.personal.hair_cutter", 0.5, 30, 0.6), new("appliances.sewing_machine", 0.3, 150, 0.6),
        new("apparel.shoes", 1.3, 65, 0.6), new("apparel.shoes.keds", 0.9, 55, 0.5), new("apparel.shoes.sandals", 0.3, 35, 0.5),
        new("apparel.dress", 0.3, 40, 0.6), new("apparel.trousers", 0.3, 35, 0.5), new("apparel.underwear", 0.2, 12, 0.5),
        new("furniture.living_room.sofa", 0.4, 420, 0.6), new("furniture.living_room.cabinet", 0.5, 160, 0.7),
        new("furniture.bedroom.bed", 0.5, 330, 0.6), new("furniture.kitchen.table", 0.5, 120, 0.6),
        new("furniture.kitchen.chair", 0.5, 45, 0.6), new("furniture.bathroom.toilet", 0.3, 150, 0.5),
        new("construction.tools.drill", 0.8, 75, 0.7), new("construction.tools.saw", 0.5, 110, 0.7),
        new("construction.tools.welding", 0.3, 160, 0.6), new("construction.tools.generator", 0.2, 380, 0.6),
        new("construction.components.faucet", 0.3, 60, 0.6),
        new("auto.accessories.player", 0.7, 60, 0.6), new("auto.accessories.videoregister", 0.6, 70, 0.6),
        new("auto.accessories.alarm", 0.5, 110, 0.5), new("auto.accessories.compressor", 0.3, 40, 0.5),
        new("kids.carriage", 0.5, 280, 0.5), new("kids.toys", 0.5, 25, 0.8), new("kids.dolls", 0.2, 20, 0.6), new("kids.skates", 0.2, 60, 0.5),
        new("sport.bicycle", 0.6, 290, 0.6), new("sport.trainer", 0.3, 350, 0.6), new("sport.snowboard", 0.1, 240, 0.4),
        new("accessories.bag", 0.5, 40, 0.7), new("accessories.wallet", 0.2, 30, 0.6), new("accessories.umbrella", 0.1, 15, 0.4),
        new("medicine.tools.tonometer", 0.2, 40, 0.4), new("stationery.cartrige", 0.3, 25, 0.6),
        new("country_yard.furniture.hammok", 0.1, 55, 0.5),
    ];
}
