namespace ShopStream.Core.Tests;

/// <summary>A run's profiles and sessions: sorted by user id across partitions, and readable more than once.</summary>
public sealed class RunResultRowsTests
{
    [Fact]
    public void Profiles_and_sessions_merge_partitions_in_user_order_and_can_be_read_twice()
    {
        var t0 = Rees46Rows.T0;
        var rows = Enumerable.Range(1, 40).SelectMany(u => new[]
        {
            Rees46Rows.Row(t0.AddMinutes(u), user: 1000 - u),
            Rees46Rows.Row(t0.AddHours(2).AddMinutes(u), user: 1000 - u), // a second session each
        });

        var run = TestPipeline.Run(Rees46Rows.Csv(rows), options: TestPipeline.Options(partitions: 4));

        var sessions = run.Result.Sessions;
        var first = sessions.ToList();
        Assert.Equal(80, first.Count);
        Assert.Equal(first.OrderBy(s => s.UserId).ThenBy(s => s.SessionStart), first);
        Assert.Equal(first, sessions.ToList());
        var profiles = run.Result.Profiles;
        Assert.Equal(Enumerable.Range(960, 40).Select(u => (long)u), profiles.Select(p => p.UserId));
        Assert.Equal(profiles.Select(p => p.UserId), profiles.Select(p => p.UserId));
    }
}
