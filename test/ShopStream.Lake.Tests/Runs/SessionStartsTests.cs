using ShopStream.Lake.Runs;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>Silver's session start for an event: its user's last session starting at or before it, checked against a brute-force search.</summary>
public sealed class SessionStartsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_event_gets_its_users_last_session_start_at_or_before_it(bool sorted)
    {
        var random = new Random(11);
        var sessions = Enumerable.Range(0, 5_000).Select(_ => (User: (long)random.Next(-50, 2_000) * 7919, Start: (long)random.Next(0, 1_000_000))).ToList();
        if (sorted)
            sessions = [.. sessions.OrderBy(s => s.User).ThenBy(s => s.Start)];
        var starts = SessionStarts.Of([.. sessions.Select(s => s.User)], [.. sessions.Select(s => s.Start)], sessions.Count);
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
}
