using System.Text;
using ShopStream.Core.Ingest;

namespace ShopStream.Core.Tests;

/// <summary>Records over the 64 KiB limit are rejected as too_large, kept as a truncated dead letter, and reading goes on.</summary>
public sealed class OversizedRecordTests
{
    private static string RowOfLength(int length)
    {
        string row = Rees46Rows.RowWith("brand", "");
        int brandAt = row.IndexOf(",,", StringComparison.Ordinal) + 1;
        return row.Insert(brandAt, new string('x', length - row.Length));
    }

    private static byte[] FileWith(string bigRow, string newline) => Encoding.UTF8.GetBytes(string.Join(newline,
        Rees46Rows.Header, Rees46Rows.Row(Rees46Rows.T0), bigRow, Rees46Rows.Row(Rees46Rows.T0, user: 2), Rees46Rows.Row(Rees46Rows.T0, user: 3), ""));

    // chunk 0: one seekable memory stream (the whole record is in the buffer at once); otherwise a pipe that
    // delivers that many bytes per read, so the record is skipped as it streams past.
    [Theory]
    [InlineData("\n", 0)]
    [InlineData("\r\n", 0)]
    [InlineData("\n", 4000)]
    [InlineData("\r\n", 4000)]
    [InlineData("\n", 65536)]
    [InlineData("\r\n", 65536)]
    public void Record_over_64_KiB_is_too_large_and_the_following_records_are_read(string newline, int chunk)
    {
        string big = RowOfLength(100_000);
        byte[] bytes = FileWith(big, newline);
        Stream input = chunk == 0 ? new MemoryStream(bytes) : new TrickleStream(bytes, chunk);

        var run = TestPipeline.Run([InputFile.FromStream("pipe", input)], InputFormat.Rees46);

        run.AssertNothingLost();
        Assert.Equal(4, run.Summary.EventsRead);
        Assert.Equal(3, run.Summary.EventsAccepted);
        Assert.Equal(3, run.Summary.Users);
        Assert.Equal(1, run.Summary.RejectedFor("too_large"));
        var dead = run.SingleDeadLetter();
        Assert.Equal("too_large", dead.GetProperty("reason").GetString());
        Assert.Equal(3, dead.GetProperty("line").GetInt64());
        Assert.True(dead.GetProperty("truncated").GetBoolean());
        Assert.Equal(big.Length, dead.GetProperty("raw_bytes").GetInt64());
        string raw = dead.GetProperty("raw").GetString()!;
        Assert.Equal(RecordReader.RawPrefixBytes, raw.Length);
        Assert.StartsWith(raw, big, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RecordReader.DefaultMaxRecordBytes, true)]
    [InlineData(RecordReader.DefaultMaxRecordBytes + 1, false)]
    public void Limit_is_exactly_64_KiB(int length, bool accepted)
    {
        var run = TestPipeline.Run(FileWith(RowOfLength(length), "\n"));

        run.AssertNothingLost();
        Assert.Equal(accepted ? 4 : 3, run.Summary.EventsAccepted);
        Assert.Equal(accepted ? 0 : 1, run.Summary.RejectedFor("too_large"));
    }

    [Fact]
    public void Unclosed_quote_running_to_the_end_of_input_is_one_rejected_record()
    {
        string text = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0), "2019-10-01 10:00:00 UTC,view,1,2,\"never closed,acme,1.00,5,")
            + string.Concat(Enumerable.Repeat(Rees46Rows.Row(Rees46Rows.T0, user: 2) + "\n", 2000));

        var run = TestPipeline.Run(text);

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsRead);
        Assert.Equal(1, run.Summary.EventsAccepted);
        Assert.Equal(1, run.Summary.RejectedFor("too_large"));
    }
}
