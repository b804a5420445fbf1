namespace ShopStream.Benchmarks.Micro;

/// <summary>Marks a benchmark whose work is reading the sample's CSV bytes: the MB/s column is shown for it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ReportsInputBytesAttribute : Attribute;
