using ShopStream.Core.Validation;

namespace ShopStream.Core.Tests;

/// <summary>SPEC "Validation": each bad REES46 field is rejected with its stable reason, and read = accepted + rejected.</summary>
public sealed class Rees46ValidationTests
{
    [Theory]
    [InlineData("event_time", "2019-13-01 00:00:00 UTC", "event_time")]
    [InlineData("event_time", "2019-02-30 00:00:00 UTC", "event_time")]
    [InlineData("event_time", "2019-10-01 24:00:00 UTC", "event_time")]
    [InlineData("event_time", "2019-10-01 00:00:00 CET", "event_time")]
    [InlineData("event_time", "yesterday", "event_time")]
    [InlineData("event_time", "10/01/2019 00:00:04", "event_time")] // went in as 1 October, and 01/10/2019 as 10 January
    [InlineData("event_time", "", "event_time")]
    [InlineData("event_type", "click", "event_type")]
    [InlineData("event_type", "VIEW", "event_type")]
    [InlineData("event_type", "", "event_type")]
    [InlineData("product_id", "12a", "number")]
    [InlineData("product_id", "1.5", "number")]
    [InlineData("category_id", "x1", "number")]
    [InlineData("price", "ten", "number")]
    [InlineData("price", "", "number")]
    [InlineData("user_id", "5.5", "number")]
    [InlineData("user_id", "99999999999999999999", "number")]
    [InlineData("product_id", "0", "id")]
    [InlineData("product_id", "", "id")]
    [InlineData("user_id", "-7", "id")]
    [InlineData("user_id", "0", "id")]
    [InlineData("user_id", "", "id")]
    [InlineData("category_id", "-3", "id")]
    [InlineData("price", "-0.01", "price")]
    [InlineData("price", "1000000000.0001", "price")]
    [InlineData("price", "1e30", "price")] // beyond decimal's range: was number
    [InlineData("brand", "x\0y", "encoding")]
    public void Bad_field_is_rejected_with_its_reason(string field, string value, string reason)
    {
        string row = Rees46Rows.RowWith(field, value);

        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0, user: 2), row));

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsRead);
        Assert.Equal(1, run.Summary.EventsAccepted);
        Assert.Equal(1, run.Summary.RejectedFor(reason));
        var dead = run.SingleDeadLetter();
        Assert.Equal(reason, dead.GetProperty("reason").GetString());
        Assert.Equal(row, dead.GetProperty("raw").GetString());
        Assert.Equal(3, dead.GetProperty("line").GetInt64());
        Assert.Equal("test", dead.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("price", "0")]
    [InlineData("price", "0.00")]
    [InlineData("category_id", "")]
    [InlineData("category_code", "")]
    [InlineData("brand", "")]
    [InlineData("user_session", "")]
    [InlineData("user_session", "not-a-uuid")]
    public void Valid_edge_values_are_accepted(string field, string value)
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.RowWith(field, value)));

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsAccepted);
    }

    [Fact]
    public void Empty_optional_fields_are_absent_not_empty_strings()
    {
        var (events, rejects) = TestPipeline.Read(Rees46Rows.Csv("2019-10-01 00:00:00 UTC,view,3900821,,,,33.20,554748717,"));

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal(0, e.CategoryId);
        Assert.Null(e.CategoryCode);
        Assert.Null(e.Brand);
        Assert.Null(e.SessionKey);
        Assert.Equal(33.20m, e.Price);
        Assert.Equal(554748717, e.UserId);
    }

    [Theory]
    [InlineData("2019-10-01 00:00:00 UTC,view,1,2,a.b,acme,1.00,5")]
    [InlineData("2019-10-01 00:00:00 UTC,view,1,2,a.b,acme,1.00,5,sess,extra")]
    [InlineData("2019-10-01 00:00:00 UTC,view,1,2,a.b,acme,1.00,5,sess,")]
    [InlineData("just some text")]
    public void Wrong_field_count_is_rejected_as_field_count(string row)
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(row));

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.RejectedFor("field_count"));
        Assert.Equal(RejectReasons.Name(RejectReason.FieldCount), run.SingleDeadLetter().GetProperty("reason").GetString());
    }

    [Fact]
    public void Truncated_last_row_without_newline_is_a_field_count_rejection()
    {
        string text = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0)) + "2019-10-01 10:05:00 UTC,view,100,2053";

        var run = TestPipeline.Run(text);

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsRead);
        Assert.Equal(1, run.Summary.RejectedFor("field_count"));
        var dead = run.SingleDeadLetter();
        Assert.Equal("2019-10-01 10:05:00 UTC,view,100,2053", dead.GetProperty("raw").GetString());
        Assert.Equal(3, dead.GetProperty("line").GetInt64());
    }

    [Fact]
    public void Every_reason_appears_in_the_summary_even_at_zero()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0)));

        Assert.Equal(
            ["field_count", "event_time", "event_type", "number", "id", "price", "too_large", "encoding", "json"],
            run.Summary.RejectedByReason.Select(r => r.Key));
        Assert.All(run.Summary.RejectedByReason, r => Assert.Equal(0, r.Value));
    }
}
