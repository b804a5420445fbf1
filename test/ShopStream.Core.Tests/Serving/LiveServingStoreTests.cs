using System.Diagnostics;
using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Serving;

/// <summary>
/// The live store answers from a running pipeline's state: mid-stream as a run over the events so far would, at the
/// end as the run's results; a partition busy past the timeout is unavailable, not waited for; a partition owned
/// elsewhere is named.
/// </summary>
public sealed class LiveServingStoreTests
{
    [Fact]
    public async Task Mid_stream_the_live_state_answers_as_a_run_over_the_events_so_far_and_at_the_end_as_the_results()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        const int rowsSoFar = 2000;
        string head = string.Join('\n', lines.Take(1 + rowsSoFar)) + "\n";
        var all = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        using var input = new PausingStream(all, Encoding.UTF8.GetByteCount(head));
        var options = TestPipeline.Options(partitions: 3, parseThreads: 2);
        var live = new LivePipeline("run", TimeSpan.FromSeconds(10));
        var store = new LiveServingStore(live);
        using var deadLetters = new DeadLetterWriter(new MemoryStream());
        var reader = new EventReader([InputFile.FromStream("pipe", input)], InputFormat.Rees46, deadLetters, options.BatchSize, options.ParseThreads);
        var running = Task.Run(() => StreamPipeline.Run(reader, options, checkpoints: null, observe: null, live));
        try
        {
            // The writer paused after 2,000 rows: they reach the partitions without waiting for full batches.
            await WaitUntil(() => live.EventsProcessed == rowsSoFar);
            Assert.False(live.Finished);
            await AssertAnswersAs(store, TestPipeline.Run(head, options: options).Result, windows: false);
        }
        finally
        {
            input.Resume();
        }

        var result = await running;
        Assert.True(live.Finished);
        Assert.Equal(lines.Length - 1, live.EventsProcessed);
        await AssertAnswersAs(store, result, windows: true);
    }

    [Fact]
    public async Task A_partition_busy_past_the_timeout_is_unavailable_and_the_others_still_answer()
    {
        var options = TestPipeline.Options(partitions: 2);
        PartitionProcessor[] partitions = [new(options), new(options)];
        var live = new LivePipeline("run", TimeSpan.FromMilliseconds(300));
        live.Start(options, partitions, new ReadCounters(), () => 0);
        var store = new LiveServingStore(live);
        long busyUser = UserIn(1, 2), otherUser = UserIn(0, 2);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            lock (partitions[1].Gate) // a worker stuck in the middle of a batch
            {
                holding.Set();
                release.Wait();
            }
        });
        worker.Start();
        holding.Wait();
        try
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<LiveStateUnavailableException>(() => store.ProfileAsync(busyUser).AsTask());
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
            Assert.Contains("partition 1", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<LiveStateUnavailableException>(() => store.SummaryAsync().AsTask());
            Assert.Null(await store.ProfileAsync(otherUser));
        }
        finally
        {
            release.Set();
            worker.Join();
        }

        Assert.Null(await store.ProfileAsync(busyUser)); // the batch is done: answered again
    }

    [Fact]
    public async Task A_user_whose_partition_this_instance_does_not_own_is_refused_naming_the_partition()
    {
        using var temp = new TempFolder();
        var options = TestPipeline.Options() with { Partitions = 4 };
        var live = new LivePipeline("process", TimeSpan.FromSeconds(1));
        var store = new LiveServingStore(live);
        await Assert.ThrowsAsync<LiveStateUnavailableException>(() => store.ProfileAsync(1).AsTask()); // not started
        await Assert.ThrowsAsync<LiveStateUnavailableException>(() => store.SummaryAsync().AsTask()); // as the other reads

        live.Start(options, 4, () => new ReadCounters(), () => 0);
        using var host = new PartitionHost(2, options, new RunDirectory(temp.Path), "test-run");
        live.Own(host);
        Assert.Equal([2], live.OwnedPartitions);
        Assert.Null(await store.ProfileAsync(UserIn(2, 4)));

        long elsewhere = UserIn(3, 4);
        var refused = await Assert.ThrowsAsync<PartitionNotOwnedException>(() => store.ProfileAsync(elsewhere).AsTask());
        Assert.Equal(3, refused.Partition);
        Assert.Equal(elsewhere, refused.UserId);
        Assert.Contains("partition 3 of 4", refused.Message, StringComparison.Ordinal);

        using var other = new PartitionHost(1, options, new RunDirectory(temp.Path), "test-run");
        live.Own(other);
        live.Release(2); // revoked: its users are answered elsewhere now
        Assert.Equal(2, (await Assert.ThrowsAsync<PartitionNotOwnedException>(() => store.ProfileAsync(UserIn(2, 4)).AsTask())).Partition);

        // While the group assigns partitions (a rebalance), no instance may own it yet: not a 404's "another instance
        // serves it". Once assigned, none perhaps (more instances than partitions), it is the 404 again.
        live.Release(1);
        live.Assigning = true;
        var rebalancing = await Assert.ThrowsAsync<LiveStateUnavailableException>(() => store.ProfileAsync(UserIn(2, 4)).AsTask());
        Assert.StartsWith("partition 2 of 4, which holds user ", rebalancing.Message, StringComparison.Ordinal);
        Assert.Contains("is being assigned (the group is rebalancing", rebalancing.Message, StringComparison.Ordinal);
        live.Assigning = false;
        Assert.Equal(2, (await Assert.ThrowsAsync<PartitionNotOwnedException>(() => store.ProfileAsync(UserIn(2, 4)).AsTask())).Partition);
    }

    private static async Task AssertAnswersAs(LiveServingStore store, RunResult expected, bool windows)
    {
        var summary = await store.SummaryAsync();
        Assert.NotNull(summary);
        Assert.Equal(TestPipeline.SummaryJsonOf(expected.Summary).GetRawText(), TestPipeline.SummaryJsonOf(summary!).GetRawText());

        var profiles = expected.Profiles.ToList();
        foreach (var profile in profiles)
            Assert.Equal(profile, await store.ProfileAsync(profile.UserId));
        Assert.Null(await store.ProfileAsync(long.MaxValue - 7));

        var byRevenue = profiles.Where(p => p.Revenue > 0).OrderByDescending(p => ProfileQuery.ShownRevenue(p.Revenue)).ThenBy(p => p.UserId).Select(p => p.UserId).ToList();
        var pages = new List<long>();
        for (int page = 1; ; page++)
        {
            var found = await store.SearchProfilesAsync(new ProfileQuery { MinRevenue = 0.01m, Sort = ProfileSort.RevenueDescending, Page = page, PageSize = 7 });
            Assert.Equal(byRevenue.Count, found.Total);
            if (found.Items.Count == 0)
                break;
            pages.AddRange(found.Items.Select(p => p.UserId));
        }

        Assert.Equal(byRevenue, pages);
        var browsers = await store.SearchProfilesAsync(new ProfileQuery { Segment = CustomerSegment.ActiveBrowser, PageSize = 1000 });
        Assert.Equal(profiles.Where(p => p.Segment == CustomerSegment.ActiveBrowser).Select(p => p.UserId), browsers.Items.Select(p => p.UserId));
        if (windows)
            Assert.Equal(expected.HourlyMetrics, await store.HourlyMetricsAsync(null, null));
    }

    private static long UserIn(int partition, int partitions) =>
        Enumerable.Range(1, 1000).Select(u => (long)u).First(u => Partitioner.Of(u, partitions) == partition);

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the live state did not catch up within 30 s");
            await Task.Delay(20);
        }
    }
}
