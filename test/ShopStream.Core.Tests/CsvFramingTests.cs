using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>How REES46 bytes become records: line ends, quoting, BOM, blank lines, encoding, line numbers.</summary>
public sealed class CsvFramingTests
{
    [Fact]
    public void Crlf_sample_gives_the_golden_summary_and_clean_last_fields()
    {
        string crlf = File.ReadAllText(RepoPaths.Rees46Sample).Replace("\n", "\r\n", StringComparison.Ordinal);

        var run = TestPipeline.Run(crlf);
        var (events, _) = TestPipeline.Read(crlf);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
        Assert.All(events, e => Assert.Null(e.SessionText)); // every user_session parsed as a UUID, no trailing \r
    }

    [Fact]
    public void Quoted_fields_keep_commas_and_unescape_doubled_quotes()
    {
        string row = "2019-10-01 00:00:00 UTC,view,1,2,\"kids, toys\",\"acme \"\"pro\"\", inc\",\"1.50\",5,";

        var (events, rejects) = TestPipeline.Read(Rees46Rows.Csv(row));

        Assert.Equal(0, rejects.Counters.Rejected);
        var e = Assert.Single(events);
        Assert.Equal("kids, toys", e.CategoryCode);
        Assert.Equal("acme \"pro\", inc", e.Brand);
        Assert.Equal(1.50m, e.Price);
    }

    [Theory]
    [InlineData("\"acme\"x")]
    [InlineData("\"acme\" ")]
    [InlineData("\"ac\"me\"")]
    public void Text_after_a_closing_quote_is_a_field_count_rejection(string brand)
    {
        string row = $"2019-10-01 00:00:00 UTC,view,1,2,,{brand},1.50,5,";

        var (events, rejects) = TestPipeline.Read(Rees46Rows.Csv(row, Rees46Rows.Row(Rees46Rows.T0, user: 6)));

        Assert.Equal(6, Assert.Single(events).UserId);
        Assert.Equal("field_count", rejects.SingleDeadLetter().GetProperty("reason").GetString());
    }

    [Fact]
    public void A_stray_quote_that_a_later_row_closes_leaves_the_rows_it_joined_in_the_dead_letters()
    {
        // Row 2's stray quote opens a field that row 4's "x" closes: read leniently, rows 2-4 made one accepted
        // purchase of user 3 at row 2's time, and the purchases of users 1 and 2 were counted nowhere.
        string text = string.Join("\n",
            Rees46Rows.Header,
            "2019-10-01 00:00:00 UTC,purchase,1,,,\"abc,1.00,1,s",
            "2019-10-01 00:00:01 UTC,purchase,1,,,,500.00,2,s",
            "2019-10-01 00:00:02 UTC,purchase,1,,,\"x\",700.00,3,s",
            "2019-10-01 00:00:03 UTC,view,1,,,,7.00,4,s",
            "");

        var run = TestPipeline.Run(text);
        var (events, rejects) = TestPipeline.Read(text);

        run.AssertNothingLost();
        Assert.Equal(4, Assert.Single(events).UserId);
        var dead = rejects.SingleDeadLetter();
        Assert.Equal("field_count", dead.GetProperty("reason").GetString());
        Assert.Equal(2, dead.GetProperty("line").GetInt64());
        Assert.Contains("500.00,2,s", dead.GetProperty("raw").GetString(), StringComparison.Ordinal);
        Assert.Equal(0m, run.Summary.Revenue);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Quoted_field_may_hold_a_line_end_and_line_numbers_stay_physical(string newline)
    {
        string text = string.Join(newline,
            Rees46Rows.Header,
            $"2019-10-01 00:00:00 UTC,view,1,2,\"first{newline}second\",acme,1.00,5,",
            "2019-10-01 00:00:01 UTC,click,1,2,,acme,1.00,5,",
            "");

        var (events, rejects) = TestPipeline.Read(text);

        Assert.Equal($"first{newline}second", Assert.Single(events).CategoryCode);
        var dead = rejects.SingleDeadLetter();
        Assert.Equal("event_type", dead.GetProperty("reason").GetString());
        Assert.Equal(4, dead.GetProperty("line").GetInt64());
    }

    [Fact]
    public void Utf8_byte_order_mark_before_the_header_is_skipped()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0)))];

        var auto = TestPipeline.Run(bytes, format: null);
        var explicitFormat = TestPipeline.Run(bytes, InputFormat.Rees46);

        foreach (var run in new[] { auto, explicitFormat })
        {
            run.AssertNothingLost();
            Assert.Equal(1, run.Summary.EventsRead);
            Assert.Equal(1, run.Summary.EventsAccepted);
        }
    }

    [Fact]
    public void A_header_again_later_is_skipped_with_or_without_a_byte_order_mark()
    {
        // Two files joined end to end, each starting with a BOM (cat, or gzip members): the second BOM stands mid-stream.
        string one = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0));
        string two = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0, user: 2));
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(one), .. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(two), .. Encoding.UTF8.GetBytes(Rees46Rows.Header + " \r\n")];

        var run = TestPipeline.Run(bytes, format: null);

        run.AssertNothingLost();
        Assert.Equal((2L, 2L), (run.Summary.EventsRead, run.Summary.EventsAccepted)); // the BOM'd header was an event_time reject
    }

    [Fact]
    public void A_line_that_only_starts_like_the_header_is_a_record_not_skipped()
    {
        string text = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0), Rees46Rows.Header + " X,junk", Rees46Rows.Row(Rees46Rows.T0, user: 2));

        var run = TestPipeline.Run(text);

        run.AssertNothingLost(); // it vanished: neither counted nor dead-lettered
        Assert.Equal((3L, 2L, 1L), (run.Summary.EventsRead, run.Summary.EventsAccepted, run.Summary.EventsRejected));
        Assert.Equal(3, run.SingleDeadLetter().GetProperty("line").GetInt64());
    }

    [Fact]
    public void A_first_record_over_the_size_limit_is_too_large_even_when_it_starts_like_the_header()
    {
        // CR-only line ends: the whole file is one record, which was taken for the header: 0 read, every row gone.
        string text = string.Join("\r", Rees46Rows.Header, Rees46Rows.Row(Rees46Rows.T0), new string('x', 70_000), "");

        var run = TestPipeline.Run(text, format: null);

        run.AssertNothingLost();
        Assert.Equal((1L, 1L), (run.Summary.EventsRead, run.Summary.RejectedFor("too_large")));
    }

    [Fact]
    public void A_small_file_with_cr_only_line_ends_is_one_record_not_a_header()
    {
        // Under the size limit the whole file was one record starting like the header: skipped, 0 read, exit 0.
        string text = string.Join("\r", Rees46Rows.Header, Rees46Rows.Row(Rees46Rows.T0), Rees46Rows.Row(Rees46Rows.T0, user: 2), "");

        var run = TestPipeline.Run(text, format: null);

        run.AssertNothingLost();
        Assert.Equal((1L, 0L, 1L), (run.Summary.EventsRead, run.Summary.EventsAccepted, run.Summary.EventsRejected));
    }

    [Fact]
    public void Blank_lines_are_not_records()
    {
        string text = Rees46Rows.Header + "\n\n" + Rees46Rows.Row(Rees46Rows.T0) + "\r\n\r\n   \n" + Rees46Rows.Row(Rees46Rows.T0, user: 2) + "\n\n";

        var run = TestPipeline.Run(text);

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsRead);
        Assert.Equal(2, run.Summary.EventsAccepted);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_as_encoding_with_the_raw_bytes_in_base64()
    {
        byte[] bad = [.. Encoding.UTF8.GetBytes("2019-10-01 00:00:00 UTC,view,1,2,a.b,ac"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("me,1.00,5,")];
        byte[] bytes =
        [
            .. Encoding.UTF8.GetBytes(Rees46Rows.Header + "\n"), .. bad, (byte)'\n',
            .. Encoding.UTF8.GetBytes(Rees46Rows.Row(Rees46Rows.T0) + "\n"),
        ];

        var run = TestPipeline.Run(bytes);

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsAccepted);
        Assert.Equal(1, run.Summary.RejectedFor("encoding"));
        var dead = run.SingleDeadLetter();
        Assert.Equal("encoding", dead.GetProperty("reason").GetString());
        Assert.False(dead.TryGetProperty("raw", out _));
        Assert.Equal(bad, dead.GetProperty("raw_base64").GetBytesFromBase64());
        Assert.False(dead.TryGetProperty("truncated", out _));
    }

    [Fact]
    public void Valid_multibyte_utf8_is_accepted()
    {
        var (events, rejects) = TestPipeline.Read(Rees46Rows.Csv(Rees46Rows.RowWith("brand", "müller-ß-日本")));

        Assert.Equal(0, rejects.Counters.Rejected);
        Assert.Equal("müller-ß-日本", Assert.Single(events).Brand);
    }
}
