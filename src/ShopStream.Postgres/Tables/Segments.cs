using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Postgres.Tables;

/// <summary>Segment names as stored (SPEC's names, <see cref="SegmentRules.Name"/>) back to the enum.</summary>
internal static class Segments
{
    private static readonly Dictionary<string, CustomerSegment> s_byName = SegmentRules.All.ToDictionary(SegmentRules.Name);

    public static CustomerSegment Parse(string name) =>
        s_byName.TryGetValue(name, out var segment) ? segment : throw new PostgresStoreException($"unknown segment '{name}' in shopstream.profiles");
}
