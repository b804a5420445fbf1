using Npgsql;
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
        Assert.Equal(0, await CountAsync(t.Database, UsersWhoseSessionsDisagreeSql));
    }

    [Fact]
    public async Task The_same_events_with_another_session_gap_replace_each_users_sessions()
    {
        var minute = SampleRuns.WithSessionGap(TimeSpan.FromMinutes(1));
        var full = SampleRuns.Full;
        Assert.True(minute.Sessions.Count() > full.Sessions.Count(), "a 1-minute gap splits some of the sample's sessions");
        await using var t = await StoreUnderTest.CreateAsync(server);

        var first = await t.Sink.PublishAsync(minute);
        var second = await t.Sink.PublishAsync(full);

        Assert.Equal(first.Version, second.Version); // the same events: the same last event time
        // The 1-minute sessions that the 30-minute run lacks go; they stayed beside the new ones, overlapping them.
        Assert.True(second.Sessions.Removed > 0, $"removed {second.Sessions.Removed}");
        Assert.Equal(full.Sessions.Count(), await CountAsync(t.Database, "SELECT count(*) FROM shopstream.sessions"));
        Assert.Equal(0, await CountAsync(t.Database, UsersWhoseSessionsDisagreeSql));
    }

    [Fact]
    public async Task An_earlier_stretch_adds_no_sessions_to_users_a_later_run_holds()
    {
        var later = SampleRuns.Tail(2500);
        var earlier = SampleRuns.Head(2500);
        var laterStarts = later.Sessions.Select(s => (s.UserId, s.SessionStart)).ToHashSet();
        var laterUsers = later.Profiles.Select(p => p.UserId).ToHashSet();
        // Users of both stretches whose earlier sessions the later run does not hold: the earlier run's would be extra.
        Assert.Contains(earlier.Sessions, s => laterUsers.Contains(s.UserId) && !laterStarts.Contains((s.UserId, s.SessionStart)));
        Assert.Contains(earlier.Profiles, p => !laterUsers.Contains(p.UserId));
        await using var t = await StoreUnderTest.CreateAsync(server);

        var newer = await t.Sink.PublishAsync(later);
        var older = await t.Sink.PublishAsync(earlier);

        Assert.True(older.Version < newer.Version);
        Assert.Equal(0, older.Sessions.Removed);
        // Each user's profile and sessions are one run's: the later run's where it holds the user, else the earlier's.
        Assert.Equal(0, await CountAsync(t.Database, UsersWhoseSessionsDisagreeSql));
        foreach (var p in earlier.Profiles.Where(p => !laterUsers.Contains(p.UserId)))
            Assert.Equal(p, await t.Store.ProfileAsync(p.UserId));
        Assert.Equal(
            later.Sessions.Count() + earlier.Sessions.Count(s => !laterUsers.Contains(s.UserId)),
            await CountAsync(t.Database, "SELECT count(*) FROM shopstream.sessions"));
    }

    // Profiles whose session count or events differ from their stored sessions', and sessions without a profile.
    private const string UsersWhoseSessionsDisagreeSql = """
        SELECT (SELECT count(*) FROM shopstream.profiles p
                LEFT JOIN (SELECT user_id, count(*) AS n, sum(events) AS e FROM shopstream.sessions GROUP BY user_id) s USING (user_id)
                WHERE p.sessions <> coalesce(s.n, 0) OR p.events <> coalesce(s.e, 0))
             + (SELECT count(*) FROM shopstream.sessions s WHERE NOT EXISTS (SELECT 1 FROM shopstream.profiles p WHERE p.user_id = s.user_id))
        """;

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
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
