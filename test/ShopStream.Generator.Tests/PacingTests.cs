using System.Diagnostics;

namespace ShopStream.Generator.Tests;

/// <summary>--rate paces output steadily in wall time; checked on a fake clock, and once on the real one.</summary>
public sealed class PacingTests
{
    /// <summary>A clock that moves only when the pacer waits.</summary>
    private sealed class FakeClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    private sealed class CountingStream(Func<long> now) : MemoryStream
    {
        public List<(long Bytes, long At)> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            Writes.Add((Length, now()));
        }
    }

    [Fact]
    public void Records_come_out_on_schedule_without_bursts()
    {
        var clock = new FakeClock();
        var waits = new List<(long Records, long At)>();
        const double Rate = 2_000;
        var pacer = new RatePacer(Rate, clock, wait =>
        {
            clock.Ticks += wait.Ticks;
            waits.Add((0, clock.Ticks));
        });

        var (_, stats) = Generate.Run(Generate.Options(5_000), pacer);

        Assert.Equal(10, pacer.BatchSize); // 5 ms of records between waits
        // The run took records / rate on the clock (to within one batch), and waited at every batch.
        Assert.InRange(TimeSpan.FromTicks(clock.Ticks).TotalSeconds, (5_000 - 10) / Rate, 5_000 / Rate);
        Assert.InRange(waits.Count, 5_000 / 10 - 2, 5_000 / 10);
        Assert.Equal(5_000, stats.Records);
        // Steady: consecutive waits end 5 ms apart.
        var gaps = waits.Zip(waits.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, g => Assert.InRange(g, TimeSpan.TicksPerMillisecond * 4, TimeSpan.TicksPerMillisecond * 6));
    }

    [Fact]
    public void Output_is_handed_on_before_each_wait()
    {
        var clock = new FakeClock();
        var output = new CountingStream(() => clock.Ticks);
        var pacer = new RatePacer(500, clock, wait => clock.Ticks += wait.Ticks);

        var stats = new TrafficGenerator(Generate.Options(1_000)).Run(output, pacer);

        // Bytes reach the stream at every wait (batches of 2 records) throughout the (fake) two seconds, not at the end.
        Assert.Equal(1_000, stats.Records);
        Assert.Equal(2, pacer.BatchSize);
        Assert.True(output.Writes.Count >= 450, $"{output.Writes.Count} writes");
        var halfway = output.Writes.First(w => w.At >= TimeSpan.TicksPerSecond);
        Assert.InRange(halfway.Bytes, output.Length * 0.4, output.Length * 0.6);
    }

    [Fact]
    public void A_pacer_never_waits_when_behind_schedule()
    {
        var clock = new FakeClock();
        int waits = 0;
        var pacer = new RatePacer(100, clock, _ => waits++);
        pacer.Start();
        clock.Ticks = TimeSpan.TicksPerSecond * 10;

        pacer.WaitFor(500); // due at 5 s, it is 10 s

        Assert.Equal(0, waits);
    }

    [Fact]
    public void On_the_real_clock_the_rate_is_kept()
    {
        var clock = Stopwatch.StartNew();

        var (_, stats) = Generate.Run(Generate.Options(600), new RatePacer(2_000));

        Assert.Equal(600, stats.Records);
        // Pacing must hold it back to about 0.3 s; the loose upper bound only catches a pacer stuck waiting
        // (the time includes building the catalogue, slow on a loaded CI machine).
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.28, 30.0);
    }
}
