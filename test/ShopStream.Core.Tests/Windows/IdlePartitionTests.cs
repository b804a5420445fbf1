using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests.Windows;

/// <summary>A partition that stops receiving events still closes its windows when the stream's watermark moves on.</summary>
public sealed class IdlePartitionTests
{
    [Fact]
    public void Idle_partition_finalises_its_windows_on_a_watermark_heartbeat()
    {
        var ten = new DateTime(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);
        var options = new PipelineOptions();
        var partition = new PartitionProcessor(options);
        partition.Process([Events.At(ten)], [ten.Ticks - options.AllowedDisorder.Ticks]);

        // Events keep flowing elsewhere, none here. A window is final once the watermark passes its end plus
        // the 48 h lateness: first the 10:00 minute, then the 10:00 hour.
        partition.Advance(ten.AddHours(48).AddMinutes(2).Ticks);
        Assert.Single(partition.Minutes.Finals);
        Assert.Empty(partition.Hours.Finals);

        partition.Advance(ten.AddHours(49).AddMinutes(1).Ticks);
        Assert.Single(partition.Hours.Finals);
    }
}
