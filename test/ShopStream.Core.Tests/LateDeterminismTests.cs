namespace ShopStream.Core.Tests;

/// <summary>Late events may open a session beside a closed one; outputs must still not depend on the partition count.</summary>
public sealed class LateDeterminismTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Fact]
    public void Late_events_give_byte_identical_outputs_on_any_partitioning()
    {
        const int users = 300;
        var rows = new List<string>();
        for (int u = 1; u <= users; u++)
        {
            rows.Add(Rees46Rows.Row(s_t0.AddSeconds(u), product: 1, user: u));
            rows.Add(Rees46Rows.Row(s_t0.AddSeconds(u + 60), product: 2, user: u));
        }

        rows.Add(Rees46Rows.Row(s_t0.AddHours(3), user: users + 1)); // the watermark moves on: every session above closes
        for (int u = 1; u <= users; u++)
            rows.Add(Rees46Rows.Row(s_t0.AddSeconds(u), product: 3, user: u)); // late, starting where the closed session did
        string csv = Rees46Rows.Csv(rows);

        var runs = new[] { 1, 2, 7 }.Select(p => TestPipeline.Run(csv, options: TestPipeline.Options(p))).ToList();

        Assert.Equal(users, runs[0].Summary.LateEvents);
        Assert.All(runs, run => Assert.Equal(users + 1, run.Summary.Sessions)); // each late event joined its user's session
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(Lines(TestPipeline.ProfilesCsvOf(runs[0].Result)), Lines(TestPipeline.ProfilesCsvOf(run.Result)));
            Assert.Equal(Lines(TestPipeline.SessionsCsvOf(runs[0].Result)), Lines(TestPipeline.SessionsCsvOf(run.Result)));
        }
    }

    private static string[] Lines(byte[] csv) => System.Text.Encoding.UTF8.GetString(csv).Split('\n');
}
