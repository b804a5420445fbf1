using ShopStream.Core.Output;
using ShopStream.Core.Tests.Checkpoints;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Spill;

/// <summary>Spilling idle users, closed sessions and final product hours changes where state lives, never what comes out.</summary>
public sealed class SpillTests
{
    private static readonly string s_input = ChurnInput.Csv(users: 400, seed: 9);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_tiny_state_horizon_spills_many_runs_and_gives_byte_identical_profiles_sessions_and_summary(int partitions)
    {
        using var temp = new TempFolder();
        var options = TestPipeline.Options(partitions);
        var kept = TestPipeline.Run(s_input, options: options);
        var spilling = options with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.Zero, UsersPerSpillRun = 7, SessionsPerSpillRun = 5, OrdersPerSpillRun = 2 };

        using var spilled = TestPipeline.Run(s_input, options: spilling).Result;

        Assert.True(kept.Summary.LateEvents > 0 && kept.Summary.DuplicatesDropped > 0, "the input has late rows and duplicates");
        Assert.True(Directory.GetFiles(temp.File(".spill"), "users-*.run", SearchOption.AllDirectories).Length > 20, "users were spilled in many runs");
        Assert.True(Directory.GetFiles(temp.File(".spill"), "sessions-*.run", SearchOption.AllDirectories).Length > 20, "sessions were spilled in many runs");
        Assert.True(Directory.GetFiles(temp.File(".spill"), "products-*.run", SearchOption.AllDirectories).Length > 20, "final product hours were spilled");
        Assert.True(Directory.GetFiles(temp.File(".spill"), "orders-*.run", SearchOption.AllDirectories).Length > 5, "id-less purchases were spilled");
        Assert.Equal(TestPipeline.ProfilesCsvOf(kept.Result), TestPipeline.ProfilesCsvOf(spilled));
        Assert.Equal(TestPipeline.SessionsCsvOf(kept.Result), TestPipeline.SessionsCsvOf(spilled));
        Assert.Equal(TestPipeline.SummaryBytesOf(kept.Summary), TestPipeline.SummaryBytesOf(spilled.Summary));
        new RunDirectory(temp.File("kept")).WriteResults(kept.Result);
        new RunDirectory(temp.File("spilled")).WriteResults(spilled);
        Assert.Equal(CheckpointedRun.Outputs(temp.File("kept")), CheckpointedRun.Outputs(temp.File("spilled")));
    }

    [Fact]
    public void Users_who_come_back_after_being_spilled_get_one_profile_with_everything_merged()
    {
        using var temp = new TempFolder();
        var t = Rees46Rows.T0;
        string csv = Rees46Rows.Csv(
            Rees46Rows.Row(t, product: 1, user: 5, category: "b.cat", brand: "zeta"),
            Rees46Rows.Row(t.AddMinutes(1), product: 2, user: 5, category: "b.cat", brand: "zeta"),
            Rees46Rows.Row(t.AddHours(5), "purchase", product: 3, user: 5, price: "7.50", category: "a.cat", brand: "acme"),
            Rees46Rows.Row(t.AddHours(10), product: 1, user: 5, category: "a.cat", brand: "acme"),
            Rees46Rows.Row(t.AddHours(20), product: 9, user: 6));
        var options = TestPipeline.Options() with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.FromHours(1), UsersPerSpillRun = 1 };

        using var result = TestPipeline.Run(csv, options: options).Result;

        var profile = result.Profiles.First();
        Assert.Equal((5L, 4, 3, 1, 7.50m, 3, 2), (profile.UserId, profile.Events, profile.Views, profile.Purchases, profile.Revenue, profile.Sessions, profile.ProductsViewed));
        Assert.Equal((t, t.AddHours(10)), (profile.FirstSeen, profile.LastSeen));
        Assert.Equal(("a.cat", "acme"), (profile.TopCategory, profile.TopBrand)); // 2 against 2: the ordinal smaller wins
        Assert.Equal(3, Directory.GetFiles(temp.File(".spill"), "users-*.run", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Disposing_the_result_removes_the_spill()
    {
        using var temp = new TempFolder();
        var options = TestPipeline.Options(2) with { SpillFolder = temp.File(".spill"), StateHorizon = TimeSpan.Zero };

        var result = TestPipeline.Run(s_input, options: options).Result;
        Assert.True(Directory.Exists(temp.File(".spill")));
        result.Dispose();

        Assert.False(Directory.Exists(temp.File(".spill")));
    }
}
