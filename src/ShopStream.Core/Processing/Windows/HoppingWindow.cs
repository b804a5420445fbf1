namespace ShopStream.Core.Processing.Windows;

/// <summary>Overlapping windows of one size starting every <c>every</c> (an event is in size/every windows).</summary>
public static class HoppingWindow
{
    public static WindowSpec Of(TimeSpan size, TimeSpan every) => new(size, every);
}
