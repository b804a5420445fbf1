namespace ShopStream.Core.Processing.Windows;

public enum WindowResultKind : byte
{
    /// <summary>Emitted when the watermark passed the window's end (only with <see cref="LatePolicy.Update"/>).</summary>
    Early,
    /// <summary>Emitted when the window closed (watermark past end plus lateness, or end of input).</summary>
    Final,
}
