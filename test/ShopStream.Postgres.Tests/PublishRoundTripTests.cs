using Npgsql;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;

namespace ShopStream.Postgres.Tests;

/// <summary>A run's results published to PostgreSQL read back exactly: every profile, session, window and the summary.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublishRoundTripTests(PostgresServer server)
{
    [Fact]
    public async Task A_publish_after_the_server_closed_the_pools_connections_opens_a_new_one()
    {
        await using var t = await StoreUnderTest.CreateAsync(server);
        await t.Sink.CheckWritableAsync(); // before the run: leaves an idle connection in the pool

        // The server ends it while the run goes (a restart, an idle-session timeout): publishing took it from the
        // pool unchecked and failed with 57P01 "terminating connection due to administrator command".
        var admin = new NpgsqlConnectionStringBuilder(t.Database.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
            terminate.Parameters.AddWithValue("db", t.Database.Name);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1, "no pooled connection to end");
        }

        var published = await t.Sink.PublishAsync(SampleRuns.Head(100));
        Assert.True(published.SummaryWritten);
    }

    [Fact]
    public async Task Sample_run_published_reads_back_row_for_row()
    {
        var run = SampleRuns.Full;
        await using var t = await StoreUnderTest.CreateAsync(server);

        var published = await t.Sink.PublishAsync(run);

        var profiles = run.Profiles.ToList();
        Assert.Equal(1747, profiles.Count);
        Assert.Equal(PublicationVersion.FromLastEventTime(profiles.Max(p => p.LastSeen)), published.Version);
        Assert.Equal(new RowCounts(1747, 1747), published.Profiles);
        Assert.Equal(new RowCounts(1753, 1753), published.Sessions);
        Assert.Equal(run.HourlyMetrics.Count(), published.HourlyMetrics.Upserted);
        Assert.Equal(run.MinuteMetrics.Count(), published.MinuteMetrics.Upserted);
        Assert.True(published.SummaryWritten);

        foreach (var p in profiles)
            Assert.Equal(p, await t.Store.ProfileAsync(p.UserId));
        foreach (var user in run.Sessions.GroupBy(s => s.UserId))
            Assert.Equal(user.ToList(), await t.Store.SessionsAsync(user.Key));
        Assert.Equal(run.HourlyMetrics.ToList(), await t.Store.HourlyMetricsAsync(null, null));
        Assert.Equal(run.MinuteMetrics.ToList(), await t.Store.MinuteMetricsAsync(null, null));
        AssertSameSummary(run.Summary, await t.Store.SummaryAsync());
    }

    [Fact]
    public async Task A_run_whose_late_events_opened_sessions_of_their_own_publishes_them_joined()
    {
        string view(int user, string time, int product) => $$"""{"event_time":"{{time}}","event_type":"view","user_id":{{user}},"product_id":{{product}},"price":1}""";
        // User 1's two events come after the watermark passed their session's close: each opened a session of its own
        // with one start, which the run joins (staged as two rows, they failed the whole publication with "ON CONFLICT
        // DO UPDATE command cannot affect row a second time").
        var run = SampleRuns.FromJsonLines(view(2, "2019-10-01T12:00:00Z", 5), view(1, "2019-10-01T10:00:00Z", 5), view(1, "2019-10-01T10:00:00Z", 6));
        Assert.Equal(2, run.Summary.LateEvents);
        await using var t = await StoreUnderTest.CreateAsync(server);

        var published = await t.Sink.PublishAsync(run);

        Assert.Equal(new RowCounts(2, 2), published.Sessions);
        var stored = Assert.Single(await t.Store.SessionsAsync(1));
        Assert.Equal(Assert.Single(run.Sessions, s => s.UserId == 1), stored);
        Assert.Equal((2, 2), (stored.Events, stored.Views));
        Assert.Equal(1, (await t.Store.ProfileAsync(1))!.Value.Sessions);
    }

    [Fact]
    public async Task Publishing_the_same_run_again_changes_nothing()
    {
        var run = SampleRuns.Full;
        await using var t = await StoreUnderTest.CreateAsync(server);

        var first = await t.Sink.PublishAsync(run);
        string before = await FingerprintAsync(t.Database);
        var again = await t.Sink.PublishAsync(run);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(new RowCounts(1747, 0), again.Profiles);
        Assert.Equal(new RowCounts(1753, 0), again.Sessions);
        Assert.Equal(0, again.HourlyMetrics.Upserted);
        Assert.Equal(0, again.MinuteMetrics.Upserted);
        Assert.Equal(before, await FingerprintAsync(t.Database));
        Assert.Equal(1747, (await t.Store.SearchProfilesAsync(new ProfileQuery())).Total);
    }

    [Fact]
    public async Task Hourly_metrics_bounds_are_from_inclusive_to_exclusive()
    {
        var run = SampleRuns.Full;
        var hours = run.HourlyMetrics.ToList();
        Assert.True(hours.Count >= 3, "the sample spans several hours");
        await using var t = await StoreUnderTest.CreateAsync(server);
        await t.Sink.PublishAsync(run);

        var from = hours[1].WindowStart;
        var to = hours[^1].WindowStart;

        Assert.Equal(hours.Skip(1).SkipLast(1).ToList(), await t.Store.HourlyMetricsAsync(from, to));
        Assert.Equal(hours.Skip(1).ToList(), await t.Store.HourlyMetricsAsync(from, null));
        Assert.Equal(hours.SkipLast(1).ToList(), await t.Store.HourlyMetricsAsync(null, to));
        // A time without a kind is UTC, as SPEC's times are.
        Assert.Equal(hours.Skip(1).ToList(), await t.Store.HourlyMetricsAsync(DateTime.SpecifyKind(from, DateTimeKind.Unspecified), null));
        // Bounds finer than PostgreSQL's microsecond (the API takes 100 ns): 100 ns before a window leaves it out of
        // from, 100 ns after one's start keeps it in to; both were cut down to the microsecond, against the files'.
        Assert.Equal(hours.Skip(2).ToList(), await t.Store.HourlyMetricsAsync(from.AddTicks(1), null));
        Assert.Equal(hours.ToList(), await t.Store.HourlyMetricsAsync(null, to.AddTicks(1)));
        Assert.Equal(hours.Skip(1).ToList(), await t.Store.HourlyMetricsAsync(from.AddTicks(-1), null));
    }

    internal static void AssertSameSummary(RunSummary expected, RunSummary? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { }, actual with
        {
            RejectedByReason = expected.RejectedByReason,
            EventsByType = expected.EventsByType,
            Segments = expected.Segments,
        });
        Assert.Equal(expected.RejectedByReason, actual.RejectedByReason);
        Assert.Equal(expected.EventsByType, actual.EventsByType);
        Assert.Equal(expected.Segments, actual.Segments);
    }

    /// <summary>Every served table's rows and versions, hashed, in key order.</summary>
    internal static async Task<string> FingerprintAsync(TestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var (table, key) in new[] { ("profiles", "user_id"), ("sessions", "user_id, session_start"), ("hourly_metrics", "window_start"), ("minute_metrics", "window_start") })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*)::text || ':' || md5(string_agg(t::text, '|' ORDER BY {key})) FROM shopstream.{table} t", connection);
            parts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }

        await using var summary = new NpgsqlCommand("SELECT version::text || ':' || revenue::text FROM shopstream.run_summary", connection);
        parts.Add($"summary={await summary.ExecuteScalarAsync()}");
        return string.Join(' ', parts);
    }
}
