namespace ShopStream.Core.Processing.Windows;

/// <summary>Back-to-back windows of one size (every event is in exactly one).</summary>
public static class TumblingWindow
{
    public static WindowSpec Of(TimeSpan size) => new(size, size);
}
