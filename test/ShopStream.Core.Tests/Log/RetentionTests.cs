using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

/// <summary>Retention deletes whole segments from the start of a partition, by total size or by age, never the active one.</summary>
public sealed class RetentionTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retention_by_size_keeps_the_newest_segments_within_the_limit()
    {
        using var log = new TestLog(TestLog.Small with { Retention = LogRetention.BySize(3 * 4096) });
        for (int b = 0; b < 100; b++)
            log.Append(5);

        var segments = log.Segments();
        long total = segments.Sum(s => new FileInfo(s).Length);
        Assert.True(total <= 3 * 4096, $"{total} bytes kept");
        Assert.True(segments.Length >= 3, $"{segments.Length} segments kept");
        Assert.Equal(FirstOffsetOf(segments[0]), log.Log.StartOffset(0));
        Assert.True(log.Log.StartOffset(0) > 0);
        Assert.All(Directory.GetFiles(log.PartitionFolder(), "*.index"), i => Assert.True(File.Exists(Path.ChangeExtension(i, ".log"))));
        Assert.Equal(500 - log.Log.StartOffset(0), log.ReadAndCheck(log.Log.StartOffset(0)));
    }

    [Fact]
    public void Retention_by_age_deletes_segments_last_appended_to_before_the_limit()
    {
        var clock = new ManualTimeProvider(s_t0);
        using var log = new TestLog(TestLog.Small with { Retention = LogRetention.ByAge(TimeSpan.FromHours(1)) }, clock);
        while (log.Segments().Length < 4)
            log.Append(10);
        long oldEnd = log.Log.EndOffset(0);
        clock.Advance(TimeSpan.FromMinutes(50));
        while (log.Segments().Length < 8)
            log.Append(10);
        long recentStart = FirstOffsetOf(log.Segments()[3]);

        clock.Advance(TimeSpan.FromMinutes(20));
        log.Log.EnforceRetention();

        // The first three segments were last written 70 minutes ago; the fourth got records 20 minutes ago.
        Assert.Equal(recentStart, log.Log.StartOffset(0));
        Assert.True(recentStart < oldEnd);
        Assert.Equal(5, log.Segments().Length);
        Assert.Equal(log.Log.EndOffset(0) - recentStart, log.ReadAndCheck(recentStart));
    }

    [Fact]
    public void Retention_never_deletes_the_active_segment()
    {
        var clock = new ManualTimeProvider(s_t0);
        using var log = new TestLog(TestLog.Small with { Retention = LogRetention.ByAge(TimeSpan.FromMinutes(1)) with { MaxBytes = 1 } }, clock);
        for (int b = 0; b < 40; b++)
            log.Append(5);
        clock.Advance(TimeSpan.FromDays(1));

        log.Log.EnforceRetention();

        var only = Assert.Single(log.Segments());
        Assert.Equal(FirstOffsetOf(only), log.Log.StartOffset(0));
        Assert.Equal(200, log.Log.EndOffset(0));
        Assert.Equal(200 - log.Log.StartOffset(0), log.ReadAndCheck(log.Log.StartOffset(0)));
        Assert.Equal(200, log.Append(1));
    }

    [Fact]
    public void Retention_applies_when_the_log_is_opened()
    {
        var clock = new ManualTimeProvider(s_t0);
        using var log = new TestLog(null, clock);
        for (int b = 0; b < 40; b++)
            log.Append(5);
        log.Close();
        clock.Advance(TimeSpan.FromHours(2));

        log.Options = log.Options with { Retention = LogRetention.ByAge(TimeSpan.FromHours(1)) };
        log.Reopen();

        Assert.Single(log.Segments());
        Assert.Equal(200, log.Log.EndOffset(0));
    }

    [Fact]
    public void A_reader_left_behind_by_retention_gets_a_clear_error()
    {
        using var log = new TestLog(TestLog.Small with { Retention = LogRetention.BySize(2 * 4096) });
        log.Append(5);
        using var reader = log.Log.OpenReader(0, 0);
        var batch = new LogReadBatch(5);
        Assert.Equal(5, reader.Read(batch));
        for (int b = 0; b < 60; b++)
            log.Append(5);

        // The reader still has its segment open and finishes it, but the next segment is gone.
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            while (reader.Read(batch) > 0)
            {
            }
        });
        Assert.Contains("deleted by retention", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Log.OpenReader(0, 0));
    }

    private static long FirstOffsetOf(string segment) =>
        long.Parse(Path.GetFileNameWithoutExtension(segment), System.Globalization.CultureInfo.InvariantCulture);
}
