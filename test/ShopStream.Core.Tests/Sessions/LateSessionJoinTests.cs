using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Sessions;

/// <summary>
/// Events later than the allowed disorder still make SPEC's sessions (a user's events in time order, split at gaps
/// over 30 minutes): the sessions a late event split are joined again at the end, and profiles and the summary count
/// the joined ones.
/// </summary>
public sealed class LateSessionJoinTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;
    private static readonly string[] s_lines = File.ReadAllLines(RepoPaths.Rees46Sample);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_sample_in_random_order_gives_the_sessions_and_profiles_of_sorted_input(int partitions)
    {
        var (profiles, sessions) = ReferenceModel.Compute(s_lines);
        var options = TestPipeline.Options(partitions);
        var sorted = TestPipeline.Run(InputFiles.Resolve(RepoPaths.Rees46Sample), InputFormat.Rees46, options);

        var run = TestPipeline.Run(Rees46Rows.Csv(Shuffled()), options: options);

        Assert.True(run.Summary.LateEvents > 2_000, $"most events are late ({run.Summary.LateEvents})");
        AssertSpecSessions(run.Result, sorted.Result.Summary, profiles, sessions);
    }

    [Fact]
    public void Joined_sessions_are_the_same_when_users_and_sessions_were_spilled()
    {
        using var temp = new TempFolder();
        var (profiles, sessions) = ReferenceModel.Compute(s_lines);
        var options = TestPipeline.Options(2);
        var sorted = TestPipeline.Run(InputFiles.Resolve(RepoPaths.Rees46Sample), InputFormat.Rees46, options);
        var spilling = options with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 7, SessionsPerSpillRun = 5 };

        using var spilled = TestPipeline.Run(Rees46Rows.Csv(Shuffled()), options: spilling).Result;

        Assert.True(Directory.GetFiles(temp.File(".spill"), "users-*.run", SearchOption.AllDirectories).Length > 10, "users were spilled");
        Assert.True(Directory.GetFiles(temp.File(".spill"), "sessions-*.run", SearchOption.AllDirectories).Length > 20, "sessions were spilled");
        AssertSpecSessions(spilled, sorted.Result.Summary, profiles, sessions);
    }

    [Fact]
    public void A_late_event_between_two_finished_sessions_joins_them_and_its_purchase_converts_one_session()
    {
        string csv = Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, "cart", user: 1),
            Rees46Rows.Row(s_t0.AddMinutes(50), product: 2, user: 1),
            Rees46Rows.Row(s_t0.AddHours(5), user: 2), // the watermark moves on: user 1's two sessions are finished
            Rees46Rows.Row(s_t0.AddMinutes(25), "purchase", product: 3, user: 1, price: "5.00"));

        var run = TestPipeline.Run(csv);

        Assert.Equal(1, run.Summary.LateEvents);
        var session = run.Sessions.Single(s => s.UserId == 1);
        Assert.Equal((s_t0, s_t0.AddMinutes(50), 3, 1, 1, 5.00m), (session.SessionStart, session.SessionEnd, session.Events, session.Carts, session.Purchases, session.Revenue));
        Assert.Equal(1, run.Profiles.Single(p => p.UserId == 1).Sessions);
        Assert.Equal((2, 1, 1, 0), (run.Summary.Sessions, run.Summary.SessionsWithPurchase, run.Summary.SessionsWithCart, run.Summary.AbandonedSessions));
        Assert.Equal(2, run.Result.CartAbandonment.Sum(h => h.Sessions));
    }

    [Fact]
    public void A_user_spilled_before_and_after_the_late_event_counts_the_joined_sessions()
    {
        using var temp = new TempFolder();
        var options = TestPipeline.Options() with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 1, SessionsPerSpillRun = 1 };
        string csv = Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, "purchase", user: 1),
            Rees46Rows.Row(s_t0.AddMinutes(50), "purchase", product: 2, user: 1),
            Rees46Rows.Row(s_t0.AddHours(5), user: 2), // user 1's sessions finish, and user 1 leaves memory for the spill
            Rees46Rows.Row(s_t0.AddMinutes(25), product: 3, user: 1), // late: user 1 back in memory, a third session
            Rees46Rows.Row(s_t0.AddHours(10), user: 2)); // and out again: user 1 is only in the spill at the end

        using var run = TestPipeline.Run(csv, options: options).Result;

        Assert.True(Directory.GetFiles(temp.File(".spill"), "users-*.run", SearchOption.AllDirectories).Length >= 2, "users were spilled");
        var profile = run.Profiles.Single(p => p.UserId == 1);
        Assert.Equal((3, 1), (profile.Events, profile.Sessions));
        Assert.Single(run.Sessions, s => s.UserId == 1);
        Assert.Equal((3, 1), (run.Summary.Sessions, run.Summary.SessionsWithPurchase));
    }

    [Fact]
    public void A_late_event_more_than_the_gap_from_every_session_keeps_a_session_of_its_own()
    {
        string csv = Rees46Rows.Csv(
            Rees46Rows.Row(s_t0, user: 1),
            Rees46Rows.Row(s_t0.AddHours(5), user: 2),
            Rees46Rows.Row(s_t0.AddMinutes(31), product: 2, user: 1)); // 31 minutes after user 1's only event

        var run = TestPipeline.Run(csv);

        Assert.Equal(1, run.Summary.LateEvents);
        Assert.Equal(2, run.Sessions.Count(s => s.UserId == 1));
        Assert.Equal(3, run.Summary.Sessions);
    }

    // The sample's lines in a random order: every event out of place, most of them far behind the watermark.
    private static List<string> Shuffled()
    {
        var lines = s_lines.Skip(1).ToArray();
        new Random(46).Shuffle(lines);
        return [.. lines];
    }

    private static void AssertSpecSessions(RunResult run, RunSummary sorted, List<Processing.Profiles.CustomerProfile> profiles, List<Processing.Sessions.SessionRecord> sessions)
    {
        Assert.Equal(sessions, run.Sessions.ToList());
        Assert.Equal(profiles, run.Profiles.ToList());
        Assert.Equal(1753, run.Summary.Sessions);
        Assert.Equal(48, run.Summary.SessionsWithPurchase);
        Assert.Equal(
            (sorted.Sessions, sorted.SessionsWithPurchase, sorted.SessionsWithCart, sorted.AbandonedSessions),
            (run.Summary.Sessions, run.Summary.SessionsWithPurchase, run.Summary.SessionsWithCart, run.Summary.AbandonedSessions));
    }
}
