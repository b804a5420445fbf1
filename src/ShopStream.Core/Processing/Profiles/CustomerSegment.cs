namespace ShopStream.Core.Processing.Profiles;

/// <summary>SPEC's customer segments, in rule order (first match wins).</summary>
public enum CustomerSegment : byte
{
    HighValue,
    Converting,
    Interested,
    ActiveBrowser,
    Casual,
}
