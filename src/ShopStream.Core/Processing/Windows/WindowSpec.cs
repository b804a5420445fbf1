namespace ShopStream.Core.Processing.Windows;

/// <summary>
/// Event-time windows of <see cref="Size"/> starting every <see cref="Slide"/> (tumbling when equal, hopping when
/// the slide is shorter). Windows are aligned to the Unix epoch. Make them with <see cref="TumblingWindow.Of"/>
/// or <see cref="HoppingWindow.Of"/>.
/// </summary>
public sealed record WindowSpec
{
    internal WindowSpec(TimeSpan size, TimeSpan slide)
    {
        if (size <= TimeSpan.Zero || slide <= TimeSpan.Zero || slide > size || size.Ticks % slide.Ticks != 0)
            throw new ArgumentException($"a window's size must be a positive multiple of its slide (got {size} every {slide})");
        Size = size;
        Slide = slide;
    }

    public TimeSpan Size { get; }

    public TimeSpan Slide { get; }

    public bool IsTumbling => Size == Slide;

    /// <summary>Start of the pane (a slide-long slice) holding <paramref name="ticks"/>; windows are unions of panes.</summary>
    internal long PaneOf(long ticks) => ticks - Mod(ticks, Slide.Ticks);

    private static long Mod(long a, long b) => ((a % b) + b) % b;
}
