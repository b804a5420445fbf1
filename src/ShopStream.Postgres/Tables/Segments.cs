using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Postgres.Tables;

/// <summary>Segment names as stored (SPEC's names, <see cref="SegmentRules.Name"/>) back to the enum.</summary>
internal static class Segments
{
    public static CustomerSegment Parse(string name) =>
        SegmentRules.Parse(name) ?? throw new PostgresStoreException($"unknown segment '{name}' in shopstream.profiles");
}
