using Bogus;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator.Model;

/// <summary>
/// User templates built once with Bogus (seeded): a weighted country, a city, a user agent and the device it
/// implies. A user's template, behaviour profile and IP address follow from its index by hashing, so millions of
/// users cost no memory and a returning user looks the same each time.
/// </summary>
internal sealed class UserPool
{
    public const int Templates = 2048;

    public UserPool(ulong seed)
    {
        var faker = new Faker("en") { Random = new Randomizer(CatalogBuilder.SeedOf(seed, 0x05E2)) };
        // Bogus draws a uniform number below 1 against the weights' running sum: they must sum to 1 (the countries'
        // shares as given, 30, 16, ..., put every user in the first, the United Kingdom).
        double total = Countries.All.Sum(c => (double)c.Weight);
        var weights = Countries.All.Select(c => (float)(c.Weight / total)).ToArray();
        var indexes = Enumerable.Range(0, Countries.All.Length).ToArray();
        var templates = new UserTemplate[Templates];
        for (int i = 0; i < Templates; i++)
        {
            int country = faker.Random.WeightedRandom(indexes, weights);
            string city = CatalogBuilder.Clean(faker.Address.City());
            string device = faker.Random.WeightedRandom(s_devices, s_deviceWeights);
            string agent = new(Agent(faker, device).Where(ch => ch is >= ' ' and <= '~' and not '"' and not '\\').ToArray());
            templates[i] = new UserTemplate(country, city, agent, device);
        }

        All = templates;
        _key = Xoshiro256.Mix(seed ^ 0x05E2_0000_0000UL);
    }

    private readonly ulong _key;

    public UserTemplate[] All { get; }

    /// <summary>A per-user hash: the source of the user's template, profile and address.</summary>
    public ulong Hash(long user) => Xoshiro256.Mix((ulong)user ^ _key);

    public int TemplateOf(ulong hash) => (int)(hash % Templates);

    /// <summary>A public-looking IPv4 address (first octet 11..223, never 127).</summary>
    public static uint Ip(ulong hash)
    {
        uint ip = (uint)(hash >> 24);
        uint first = 11 + (ip >> 24) % 213;
        if (first == 127)
            first = 128;
        return (first << 24) | (ip & 0x00FF_FFFF);
    }

    private static readonly string[] s_devices = ["mobile", "desktop", "tablet"];
    private static readonly float[] s_deviceWeights = [0.55f, 0.38f, 0.07f];
    private static readonly string[] s_phones = ["SM-G973F", "SM-A505F", "SM-G960F", "Redmi Note 8", "Mi 9T", "HUAWEI P30", "ELE-L29", "moto g(7)", "Pixel 3a", "ONEPLUS A6013"];

    /// <summary>Desktop agents from Bogus; phone and tablet agents in today's shapes, with Bogus-drawn versions and models.</summary>
    private static string Agent(Faker f, string device)
    {
        if (device == "desktop")
            return f.Internet.UserAgent();
        bool apple = f.Random.Bool(0.45f);
        int chrome = f.Random.Int(70, 78);
        string chromeVersion = $"{chrome}.0.{f.Random.Int(3500, 3905)}.{f.Random.Int(10, 140)}";
        if (device == "tablet")
        {
            return apple
                ? $"Mozilla/5.0 (iPad; CPU OS {f.Random.Int(11, 13)}_{f.Random.Int(0, 4)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Mobile/15E148 Safari/604.1"
                : $"Mozilla/5.0 (Linux; Android {f.Random.Int(7, 10)}; SM-T{f.Random.Int(500, 870)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chromeVersion} Safari/537.36";
        }

        return apple
            ? $"Mozilla/5.0 (iPhone; CPU iPhone OS {f.Random.Int(11, 13)}_{f.Random.Int(0, 4)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{f.Random.Int(11, 13)}.0 Mobile/15E148 Safari/604.1"
            : $"Mozilla/5.0 (Linux; Android {f.Random.Int(7, 10)}; {f.PickRandom(s_phones)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chromeVersion} Mobile Safari/537.36";
    }
}
