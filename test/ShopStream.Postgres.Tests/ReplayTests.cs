using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Postgres.Tests;

/// <summary>The version rule: a publication only replaces rows of the same or a lower version, so replays never move values back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplayTests(PostgresServer server)
{
    [Fact]
    public async Task Replaying_an_earlier_run_after_a_later_one_moves_no_value_back()
    {
        var full = SampleRuns.Full;
        var head = SampleRuns.Head(2500);
        var headProfiles = head.Profiles.ToDictionary(p => p.UserId);
        var fullProfiles = full.Profiles.ToList();
        // The head is an earlier stretch of the same stream: some of its users' profiles grow later.
        Assert.Contains(fullProfiles, p => headProfiles.TryGetValue(p.UserId, out var h) && h != p);
        await using var t = await StoreUnderTest.CreateAsync(server);

        var later = await t.Sink.PublishAsync(full);
        string afterFull = await PublishRoundTripTests.FingerprintAsync(t.Database);
        var replay = await t.Sink.PublishAsync(head);

        Assert.True(replay.Version < later.Version, $"head version {replay.Version} should be below {later.Version}");
        Assert.Equal(0, replay.Profiles.Upserted);
        Assert.Equal(0, replay.Sessions.Upserted);
        Assert.Equal(0, replay.HourlyMetrics.Upserted);
        Assert.Equal(0, replay.MinuteMetrics.Upserted);
        Assert.False(replay.SummaryWritten);
        Assert.Equal(afterFull, await PublishRoundTripTests.FingerprintAsync(t.Database));
        foreach (var p in fullProfiles)
            Assert.Equal(p, await t.Store.ProfileAsync(p.UserId));
        PublishRoundTripTests.AssertSameSummary(full.Summary, await t.Store.SummaryAsync());
    }

    [Fact]
    public async Task A_later_run_replaces_an_earlier_one_and_keeps_its_other_rows()
    {
        var full = SampleRuns.Full;
        var head = SampleRuns.Head(2500);
        await using var t = await StoreUnderTest.CreateAsync(server);

        var earlier = await t.Sink.PublishAsync(head);
        var later = await t.Sink.PublishAsync(full);

        Assert.True(later.Version > earlier.Version);
        // Every full profile is written: the head's users' rows are replaced (a newer version), the others are new.
        Assert.Equal(full.Profiles.Count(), later.Profiles.Upserted);
        foreach (var p in full.Profiles)
            Assert.Equal(p, await t.Store.ProfileAsync(p.UserId));
        PublishRoundTripTests.AssertSameSummary(full.Summary, await t.Store.SummaryAsync());
    }

    [Fact]
    public async Task An_explicit_version_decides_and_ties_go_to_the_newest_write()
    {
        var full = SampleRuns.Full;
        var head = SampleRuns.Head(2500);
        var fullByUser = full.Profiles.ToDictionary(p => p.UserId);
        var differing = head.Profiles.Where(h => fullByUser[h.UserId] != h).ToList();
        var changed = differing[0];
        await using var t = await StoreUnderTest.CreateAsync(server);

        await t.Sink.PublishAsync(full, version: 10);
        var older = await t.Sink.PublishAsync(head, version: 9);
        CustomerProfile? afterOlder = await t.Store.ProfileAsync(changed.UserId);
        var tie = await t.Sink.PublishAsync(head, version: 10);

        Assert.Equal(0, older.Profiles.Upserted);
        Assert.NotEqual(changed, afterOlder);
        // At the same version only rows whose values differ are rewritten.
        Assert.Equal(differing.Count, tie.Profiles.Upserted);
        Assert.Equal(changed, await t.Store.ProfileAsync(changed.UserId));
        PublishRoundTripTests.AssertSameSummary(head.Summary, await t.Store.SummaryAsync());
    }

    [Fact]
    public async Task Publications_racing_each_other_end_with_the_newest()
    {
        var full = SampleRuns.Full;
        var head = SampleRuns.Head(2500);
        await using var t = await StoreUnderTest.CreateAsync(server);
        await t.Sink.MigrateAsync();
        var builder = new PostgresStoreBuilder(t.Database.ConnectionString);
        await using var other = builder.BuildSink();

        for (int round = 0; round < 3; round++)
        {
            using var go = new Barrier(2);
            await Task.WhenAll(
                Task.Run(async () => { go.SignalAndWait(); await t.Sink.PublishAsync(head); }),
                Task.Run(async () => { go.SignalAndWait(); await other.PublishAsync(full); }));
        }

        foreach (var p in full.Profiles)
            Assert.Equal(p, await t.Store.ProfileAsync(p.UserId));
        Assert.Equal(full.HourlyMetrics.ToList(), await t.Store.HourlyMetricsAsync(null, null));
        PublishRoundTripTests.AssertSameSummary(full.Summary, await t.Store.SummaryAsync());
    }

    [Fact]
    public async Task Replaying_the_same_run_writes_not_even_the_summary()
    {
        await using var t = await StoreUnderTest.CreateAsync(server);
        var first = await t.Sink.PublishAsync(SampleRuns.Full);
        string after = await PublishRoundTripTests.FingerprintAsync(t.Database);

        var again = await t.Sink.PublishAsync(SampleRuns.Full);

        Assert.True(first.SummaryWritten);
        Assert.Equal(first.Version, again.Version);
        Assert.False(again.SummaryWritten); // its published_at was rewritten on every replay
        Assert.Equal(0, again.Profiles.Upserted);
        Assert.Equal(after, await PublishRoundTripTests.FingerprintAsync(t.Database));
    }
}
