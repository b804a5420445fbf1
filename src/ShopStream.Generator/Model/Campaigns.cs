using Bogus;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator.Model;

/// <summary>
/// Marketing campaigns with channel and UTM tags, built once with Bogus (seeded): a few dated campaigns per paid
/// channel over the year from the start, plus an always-on one per channel. A session's channel is drawn by weight;
/// direct and organic sessions carry no campaign.
/// </summary>
internal sealed class Campaigns
{
    public readonly record struct Campaign(string Channel, string Source, string Medium, string Name, long StartSecond, long EndSecond);

    public static readonly string[] Channels = ["direct", "organic", "paid_search", "social", "email", "affiliate", "display"];
    private static readonly double[] s_channelCumulative = Cumulate([0.30, 0.28, 0.15, 0.10, 0.08, 0.05, 0.04]);
    private static readonly string[][] s_sources = [[], ["google", "bing"], ["google", "bing"], ["facebook", "instagram", "tiktok"], ["newsletter"], [], ["criteo", "gdn"]];
    private static readonly string[] s_media = ["", "organic", "cpc", "social", "email", "affiliate", "display"];
    private static readonly string[] s_themes = ["sale", "launch", "deals", "clearance", "week", "promo", "bundle"];

    private readonly Campaign[] _all;
    private readonly int[][] _byChannel;

    public Campaigns(ulong seed, long startSecond)
    {
        var faker = new Faker("en") { Random = new Randomizer(CatalogBuilder.SeedOf(seed, 0xCA4B)) };
        var all = new List<Campaign>();
        var byChannel = new int[Channels.Length][];
        for (int ch = 2; ch < Channels.Length; ch++)
        {
            var list = new List<int>();
            for (int k = 0; k < 7; k++)
            {
                string source = ch == 5
                    ? CatalogBuilder.Clean(faker.Company.CompanyName().Split(' ', '-', ',')[0]).ToLowerInvariant()
                    : faker.PickRandom(s_sources[ch]);
                long start = k == 0 ? startSecond - (365L * 86400) : startSecond + (long)(faker.Random.Double() * 330 * 86400);
                long end = k == 0 ? long.MaxValue : start + ((7 + faker.Random.Int(0, 35)) * 86400L);
                string name = k == 0
                    ? $"always-on-{Channels[ch].Replace('_', '-')}"
                    : CatalogBuilder.Clean($"{faker.Commerce.Department(1)}-{faker.PickRandom(s_themes)}-{faker.Random.Int(1, 99)}").ToLowerInvariant().Replace(' ', '-');
                list.Add(all.Count);
                all.Add(new Campaign(Channels[ch], source, s_media[ch], name, start, end));
            }

            byChannel[ch] = [.. list];
        }

        byChannel[0] = byChannel[1] = [];
        _all = [.. all];
        _byChannel = byChannel;
    }

    public Campaign this[int index] => _all[index];

    /// <summary>The channel of a new session (an index into <see cref="Channels"/>).</summary>
    public static int DrawChannel(ref Xoshiro256 rng) => rng.Pick(s_channelCumulative);

    /// <summary>A campaign of <paramref name="channel"/> running at <paramref name="second"/>, or -1 for direct and organic.</summary>
    public int Draw(int channel, long second, ref Xoshiro256 rng)
    {
        var list = _byChannel[channel];
        if (list.Length == 0)
            return -1;
        // Prefer a dated campaign when one runs (they are what marketing pays for); else the always-on one.
        int running = 0;
        foreach (int c in list)
        {
            if (_all[c].StartSecond <= second && second < _all[c].EndSecond && _all[c].EndSecond != long.MaxValue)
                running++;
        }

        if (running == 0 || rng.Chance(0.3))
            return list[0];
        int pick = rng.Next(running);
        foreach (int c in list)
        {
            if (_all[c].StartSecond <= second && second < _all[c].EndSecond && _all[c].EndSecond != long.MaxValue && pick-- == 0)
                return c;
        }

        return list[0];
    }

    private static double[] Cumulate(double[] weights)
    {
        double acc = 0;
        return weights.Select(w => acc += w).ToArray();
    }
}
