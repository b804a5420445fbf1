using ShopStream.Core.Events;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Spill;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Spill;

/// <summary>Spilled users read back: in order run by run, and one user by id across runs (the lookup seam for live serving).</summary>
public sealed class UserRunsTests
{
    [Fact]
    public void A_user_spilled_in_several_runs_reads_back_by_id_as_one_merged_state()
    {
        using var temp = new TempFolder();
        var runs = new UserRuns(temp.Path, bufferLimit: 3);
        for (int visit = 0; visit < 3; visit++)
        {
            for (long id = 1; id <= 400; id++)
                runs.Add(State(id, product: visit, hour: visit));
        }

        Assert.Equal(400, runs.RunCount);
        Assert.True(runs.TryRead(257, out var user));
        Assert.Equal((257L, 3, 3), (user.UserId, user.Counts.Events, user.ViewedProducts.Count));
        Assert.Equal(Rees46Rows.T0.AddHours(2).Ticks, user.LastSeen);
        Assert.False(runs.TryRead(401, out _));
        Assert.All(Enumerable.Range(0, runs.RunCount), run => Assert.True(runs.Read(run).Select(u => u.UserId).SequenceEqual(runs.Read(run).Select(u => u.UserId).Order())));
    }

    [Fact]
    public void Restoring_keeps_the_runs_a_checkpoint_covers_and_deletes_later_ones()
    {
        using var temp = new TempFolder();
        var written = new UserRuns(temp.Path, bufferLimit: 2);
        for (long id = 1; id <= 10; id++)
            written.Add(State(id, product: 1, hour: 0));

        var restored = new UserRuns(temp.Path, bufferLimit: 2);
        restored.Restore(3);

        Assert.Equal(3, restored.RunCount);
        Assert.Equal(3, Directory.GetFiles(temp.Path, "users-*.run").Length);
        Assert.True(restored.TryRead(6, out _));
        Assert.False(restored.TryRead(7, out _));
    }

    [Fact]
    public void A_run_smaller_than_the_one_before_holds_its_own_users_only()
    {
        // The sort's scratch arrays are kept from run to run: the second run must not sort in the first one's ids.
        using var temp = new TempFolder();
        var runs = new UserRuns(temp.Path, bufferLimit: 1_000);
        for (long id = 5; id >= 1; id--)
            runs.Add(State(id, product: 1, hour: 0));
        runs.Flush();
        runs.Add(State(9, product: 1, hour: 0));
        runs.Add(State(7, product: 1, hour: 0));
        runs.Flush();

        Assert.Equal([1L, 2, 3, 4, 5], runs.Read(0).Select(u => u.UserId));
        Assert.Equal([7L, 9], runs.Read(1).Select(u => u.UserId));
    }

    private static UserState State(long id, long product, int hour)
    {
        var user = new UserState(id);
        user.Add(new ShopEvent { UserId = id, ProductId = product, Type = EventType.View, EventTimeTicks = Rees46Rows.T0.AddHours(hour).Ticks, CategoryCode = "a.b" });
        return user;
    }
}
