using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Api.Store;

/// <summary>SPEC's segment names back to <see cref="CustomerSegment"/> (the inverse of <see cref="SegmentRules.Name"/>).</summary>
public static class SegmentNames
{
    /// <summary>The segment called <paramref name="name"/>, or null for a name SPEC does not define.</summary>
    public static CustomerSegment? Parse(string? name)
    {
        foreach (var segment in SegmentRules.All)
        {
            if (string.Equals(SegmentRules.Name(segment), name, StringComparison.Ordinal))
                return segment;
        }

        return null;
    }
}
