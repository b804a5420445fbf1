using ShopStream.Lake.Runs;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>
/// Silver's session start for an event: its user's last session starting at or before it, checked against a
/// brute-force search; the index is built from the run's sessions in their order, and refuses any other.
/// </summary>
public sealed class SessionStartsTests
{
    [Fact]
    public void Each_event_gets_its_users_last_session_start_at_or_before_it()
    {
        var random = new Random(11);
        var sessions = Enumerable.Range(0, 5_000)
            .Select(_ => (User: (long)random.Next(-50, 2_000) * 7919, Start: (long)random.Next(0, 1_000_000)))
            .OrderBy(s => s.User).ThenBy(s => s.Start).ToList();
        var starts = Build(sessions, users: sessions.Select(s => s.User).Distinct().Count());
        var byUser = sessions.ToLookup(s => s.User, s => s.Start);
        for (int i = 0; i < 20_000; i++)
        {
            long user = (long)random.Next(-60, 2_010) * 7919;
            long micros = random.Next(-10, 1_000_010);
            var before = byUser[user].Where(s => s <= micros).ToList();
            Assert.Equal(before.Count > 0, starts.TryFind(user, micros, out long start));
            if (before.Count > 0)
                Assert.Equal(before.Max(), start);
        }
    }

    [Theory]
    [InlineData(12_288)] // just large enough (3,000 users: 8,192 entries of 24 bytes, 12,288 words): the table lives in it
    [InlineData(12_287)] // a word short: a table of its own
    public void A_spare_array_full_of_old_values_holds_the_table_once_cleared(int spareWords)
    {
        var random = new Random(5);
        var spare = Enumerable.Range(0, spareWords).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToArray();
        var sessions = Enumerable.Range(0, 3_000).Select(i => (User: (long)i, Start: (long)i * 10)).ToList();
        var starts = new SessionStarts(3_000, sessions.Count, spare);
        foreach (var (user, start) in sessions)
            starts.Add(user, start);
        starts.Complete();
        for (long user = -5; user < 3_005; user++)
        {
            bool known = user is >= 0 and < 3_000;
            Assert.Equal(known, starts.TryFind(user, (user * 10) + 5, out long found));
            if (known)
                Assert.Equal(user * 10, found);
        }

        Assert.Equal(spareWords >= 12_288, spare.Any(w => w == UInt128.Zero));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    public void Every_user_is_found_however_few_are_still_to_be_stored_at_the_end(int users)
    {
        // Entries are stored a few users after they end (their slots loaded meanwhile): Complete stores the rest.
        var sessions = Enumerable.Range(0, users).SelectMany(u => new[] { (User: (long)u, Start: 100L * u), (User: (long)u, Start: (100L * u) + 50) }).ToList();
        var starts = Build(sessions, users);
        for (long user = 0; user < users; user++)
        {
            Assert.True(starts.TryFind(user, (100 * user) + 10, out long first));
            Assert.Equal(100 * user, first);
            Assert.True(starts.TryFind(user, (100 * user) + 60, out long second));
            Assert.Equal((100 * user) + 50, second);
        }

        Assert.False(starts.TryFind(users, 100L * users, out _));
    }

    [Fact]
    public void An_empty_run_finds_nothing()
    {
        var starts = new SessionStarts(0, 0);
        starts.Complete();
        Assert.False(starts.TryFind(1, 1, out _));
    }

    [Theory]
    [InlineData(new long[] { 5, 3 }, new long[] { 10, 10 }, "user 3 after user 5")]
    [InlineData(new long[] { 5, 5 }, new long[] { 10, 9 }, "start 9 after 10")]
    public void Sessions_out_of_the_runs_order_are_refused(long[] users, long[] micros, string message)
    {
        var starts = new SessionStarts(2, 2);
        starts.Add(users[0], micros[0]);
        var error = Assert.Throws<InvalidOperationException>(() => starts.Add(users[1], micros[1]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_sessions_or_users_than_announced_are_refused()
    {
        var sessions = new SessionStarts(1, 2);
        sessions.Add(1, 10);
        sessions.Add(1, 20);
        Assert.Contains("more than the 2 sessions", Assert.Throws<InvalidOperationException>(() => sessions.Add(1, 30)).Message, StringComparison.Ordinal);

        // A table for 8 users (16 entries, the least) takes 8 and no more.
        var users = new SessionStarts(8, 20);
        for (long u = 1; u <= 9; u++)
            users.Add(u, 0);
        Assert.Contains("more users than the 8", Assert.Throws<InvalidOperationException>(users.Complete).Message, StringComparison.Ordinal);
    }

    private static SessionStarts Build(List<(long User, long Start)> sessions, int users)
    {
        var starts = new SessionStarts(users, sessions.Count);
        foreach (var (user, start) in sessions)
            starts.Add(user, start);
        starts.Complete();
        return starts;
    }
}
