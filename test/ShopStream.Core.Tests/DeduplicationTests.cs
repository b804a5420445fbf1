namespace ShopStream.Core.Tests;

/// <summary>SPEC "Deduplication": an event equal in every canonical field to an earlier one (within the horizon) is dropped.</summary>
public sealed class DeduplicationTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Fact]
    public void Identical_events_are_counted_once()
    {
        string row = Rees46Rows.Row(s_t0, "purchase", price: "5.00");

        var run = TestPipeline.Run(Rees46Rows.Csv(row, Rees46Rows.Row(s_t0.AddMinutes(1)), row, row));

        run.AssertNothingLost();
        Assert.Equal(4, run.Summary.EventsAccepted);
        Assert.Equal(2, run.Summary.DuplicatesDropped);
        Assert.Equal(1, run.Summary.EventsOf("purchase"));
        var profile = Assert.Single(run.Profiles);
        Assert.Equal((2, 1, 5.00m), (profile.Events, profile.Purchases, profile.Revenue));
        Assert.Equal(2, run.Sessions[0].Events);
    }

    [Theory]
    [InlineData("event_time", "2019-10-01 10:00:01 UTC")]
    [InlineData("event_type", "cart")]
    [InlineData("product_id", "101")]
    [InlineData("category_id", "")]
    [InlineData("category_code", "electronics.tablet")]
    [InlineData("brand", "")]
    [InlineData("brand", "Acme")]
    [InlineData("price", "10.01")]
    [InlineData("user_id", "2")]
    [InlineData("user_session", "")]
    [InlineData("user_session", "72d76fde-8bb3-4e00-8c23-a032dfed738d")]
    public void Events_differing_in_one_field_are_not_duplicates(string field, string value)
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(s_t0), Rees46Rows.RowWith(field, value)));

        Assert.Equal(0, run.Summary.DuplicatesDropped);
        Assert.Equal(2, run.Profiles.Sum(p => p.Events));
    }

    [Fact]
    public void Same_price_written_differently_is_the_same_canonical_event()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.RowWith("price", "10.00"), Rees46Rows.RowWith("price", "10"), Rees46Rows.RowWith("price", "10.0")));

        Assert.Equal(2, run.Summary.DuplicatesDropped);
    }

    [Theory]
    [InlineData(48, 0)]
    [InlineData(100, 1)]
    public void Duplicate_arriving_more_than_the_horizon_behind_the_watermark_is_not_detected(int horizonHours, int duplicates)
    {
        var options = TestPipeline.Options() with { DedupHorizon = TimeSpan.FromHours(horizonHours) };
        string original = Rees46Rows.Row(s_t0, user: 1);

        // Another user's event 72 h later moves the watermark far ahead before the copy arrives.
        var run = TestPipeline.Run(Rees46Rows.Csv(original, Rees46Rows.Row(s_t0.AddHours(72), user: 2), original), options: options);

        Assert.Equal(duplicates, run.Summary.DuplicatesDropped);
        Assert.Equal(2 - duplicates, run.Profiles.Single(p => p.UserId == 1).Events);
        Assert.Equal(1 - duplicates, run.Summary.LateEvents); // the copy is late, unless it is a duplicate (left out of every metric)
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Copies_read_beyond_the_horizon_are_no_duplicates_whatever_comes_between_them(bool anotherUserBetween)
    {
        // Two copies of an old purchase, read when the stream is days past it: the second counted as a duplicate
        // when nothing moved the watermark between them, and not when another user's event did.
        string newer = Rees46Rows.Row(s_t0.AddDays(9), user: 5);
        string old = Rees46Rows.Row(s_t0, "purchase", price: "10.00", user: 7);
        var rows = anotherUserBetween ? new[] { newer, old, Rees46Rows.Row(s_t0.AddDays(9).AddMinutes(1), user: 6), old } : [newer, old, old];

        foreach (int partitions in new[] { 1, 4 })
        {
            var run = TestPipeline.Run(Rees46Rows.Csv(rows), options: TestPipeline.Options(partitions));

            Assert.Equal(0, run.Summary.DuplicatesDropped);
            Assert.Equal(20.00m, run.Profiles.Single(p => p.UserId == 7).Revenue);
        }
    }

    [Theory]
    [InlineData(47 * 60, 1)] // within the horizon
    [InlineData(48 * 60 + 15, 0)] // watermark (this minus the 5 min disorder) 10 min past the horizon: forgotten, not an hour later
    public void The_horizon_is_kept_to_the_minute(int laterMinutes, int duplicates)
    {
        string original = Rees46Rows.Row(s_t0, user: 1);

        var run = TestPipeline.Run(Rees46Rows.Csv(original, Rees46Rows.Row(s_t0.AddMinutes(laterMinutes), user: 2), original));

        Assert.Equal(duplicates, run.Summary.DuplicatesDropped);
    }

    [Fact]
    public void Duplicate_within_the_horizon_is_detected_across_partitions()
    {
        string original = Rees46Rows.Row(s_t0, user: 1);
        var rows = new List<string> { original };
        rows.AddRange(Enumerable.Range(2, 50).Select(u => Rees46Rows.Row(s_t0.AddMinutes(u), user: u)));
        rows.Add(Rees46Rows.Row(s_t0.AddHours(40), user: 99));
        rows.Add(original);

        var run = TestPipeline.Run(Rees46Rows.Csv(rows), options: TestPipeline.Options(4));

        Assert.Equal(1, run.Summary.DuplicatesDropped);
        Assert.Equal(1, run.Profiles.Single(p => p.UserId == 1).Events);
    }
}
