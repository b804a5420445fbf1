using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;

namespace ShopStream.Core.Tests;

/// <summary>A quote left open in a CSV file joins every line after it into one record: told apart from a quoted field that closes.</summary>
public sealed class OpenQuoteTests
{
    private static List<(RecordStatus Status, long Line, long Lines, bool Open)> Records(string text, int maxRecordBytes = RecordReader.DefaultMaxRecordBytes)
    {
        using var reader = new RecordReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), csvQuotes: true, maxRecordBytes);
        var records = new List<(RecordStatus, long, long, bool)>();
        for (var status = reader.Read(); status != RecordStatus.End; status = reader.Read())
            records.Add((status, reader.Line, reader.Lines, reader.EndsInOpenQuote));
        return records;
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("")]
    public void A_quote_open_at_the_end_of_the_input_is_told_whatever_the_records_size(string lastLineEnd)
    {
        // The quote before the last field: the rest of the file became that field, accepted, with no word.
        string text = "a,b\nc,\"d\ne,f\ng,h" + lastLineEnd;
        string longer = "a,b\nc,\"d\ne,ffffffffffffffffffff\ng,h" + lastLineEnd;

        var records = Records(text);

        Assert.Equal([(RecordStatus.Record, 1L, 1L, false), (RecordStatus.Record, 2L, 3L, true)], records);
        Assert.Equal((RecordStatus.TooLarge, 2L, 3L, true), Records(longer, maxRecordBytes: 16)[1]); // and over the limit
    }

    [Fact]
    public void A_quoted_field_that_closes_is_no_open_quote_even_over_the_size_limit()
    {
        var records = Records("a,\"" + string.Join("\n", Enumerable.Repeat(new string('x', 100), 5)) + "\"\nb,c\n", maxRecordBytes: 200);

        Assert.Equal([(RecordStatus.TooLarge, 1L, 5L, false), (RecordStatus.Record, 6L, 1L, false)], records);
    }

    [Fact]
    public void A_run_reports_the_open_quote_with_where_it_began()
    {
        string text = Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0), Rees46Rows.Row(Rees46Rows.T0, user: 2).Replace(",view,", ",\"view,", StringComparison.Ordinal), Rees46Rows.Row(Rees46Rows.T0, user: 3), Rees46Rows.Row(Rees46Rows.T0, user: 4));
        var reader = new EventReader([InputFile.FromStream("shop.csv", new MemoryStream(Encoding.UTF8.GetBytes(text)))], InputFormat.Rees46, new DeadLetterWriter(Stream.Null));

        reader.ReadAll(_ => { });

        Assert.Equal(new OpenQuote("shop.csv", 3, 3), reader.OpenQuote);
    }

    [Fact]
    public void The_warning_counts_its_lines_in_words_that_agree()
    {
        Assert.Contains("runs over 1 line to the end", new OpenQuote("shop.csv", 3, 1).Warning, StringComparison.Ordinal); // was "1 lines"
        Assert.Contains("runs over 3 lines to the end", new OpenQuote("shop.csv", 3, 3).Warning, StringComparison.Ordinal);
    }
}
