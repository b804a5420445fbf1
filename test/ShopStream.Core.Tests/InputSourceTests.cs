using System.IO.Compression;
using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>Where input comes from: gzip files, folders, standard input, and how the header and format are recognised.</summary>
public sealed class InputSourceTests
{
    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(data);
        return output.ToArray();
    }

    [Theory]
    [InlineData("sample.csv.gz")]
    [InlineData("sample.csv")] // detected by its magic bytes, not its name
    public void Gzip_file_is_read_transparently(string name)
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File(name), Gzip(File.ReadAllBytes(RepoPaths.Rees46Sample)));

        var run = TestPipeline.Run(InputFiles.Resolve(temp.File(name)), format: null);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Gzip_on_a_pipe_is_read_transparently()
    {
        var gz = Gzip(File.ReadAllBytes(RepoPaths.Rees46Sample));

        var run = TestPipeline.Run([InputFile.FromStream("stdin", new TrickleStream(gz, 1))], format: null);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Corrupt_gzip_is_an_input_error_naming_the_file()
    {
        var gz = Gzip(File.ReadAllBytes(RepoPaths.Rees46Sample));
        gz.AsSpan(20, 200).Fill(0x55);

        var ex = Assert.Throws<InputException>(() => TestPipeline.Run([InputFile.FromStream("broken.gz", new MemoryStream(gz))], format: null));

        Assert.Contains("broken.gz", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)] // half the file
    [InlineData(0)] // all but the trailer's last bytes
    public void Truncated_gzip_is_an_input_error_not_a_shorter_run(int divisor)
    {
        var gz = Gzip(File.ReadAllBytes(RepoPaths.Rees46Sample));
        var cut = divisor == 0 ? gz[..^3] : gz[..(gz.Length / divisor)];

        // .NET's GZipStream ended quietly here: the run reported success over the rows before the cut.
        var ex = Assert.Throws<InputException>(() => TestPipeline.Run([InputFile.FromStream("cut.csv.gz", new MemoryStream(cut))], format: null));

        Assert.Contains("cut.csv.gz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_short_after_the_run_began_is_an_input_error_not_a_shorter_run()
    {
        using var temp = new TempFolder();
        string path = temp.File("day.csv");
        File.Copy(RepoPaths.Rees46Sample, path);
        var input = InputFile.FromPath(path); // its size taken now, as a run takes it when it begins
        long size = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(size / 2);

        // It read the first half and reported success over it.
        var ex = Assert.Throws<InputException>(() => TestPipeline.Run([input], format: null));

        Assert.Equal($"'{path}' ended after {size / 2:N0} of the {size:N0} bytes it had when the run began: it was cut short while being read (truncated or rewritten); run again once it is whole", ex.Message);
        // Grown instead (appended to while read), every record is read.
        File.Copy(RepoPaths.Rees46Sample, path, overwrite: true);
        var grown = InputFile.FromPath(path);
        File.AppendAllLines(path, File.ReadLines(RepoPaths.Rees46Sample).Skip(1).Take(10));
        Assert.Equal(5010, TestPipeline.Run([grown], format: null).Result.Summary.EventsRead);
    }

    [Fact]
    public void Gzip_with_a_wrong_checksum_is_an_input_error()
    {
        var gz = Gzip(File.ReadAllBytes(RepoPaths.Rees46Sample));
        gz[^6] ^= 0xFF; // the trailer's CRC-32

        var ex = Assert.Throws<InputException>(() => TestPipeline.Run([InputFile.FromStream("crc.csv.gz", new MemoryStream(gz))], format: null));

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65536)]
    public void Gzip_read_into_small_buffers_gives_back_every_byte(int bufferSize)
    {
        // Long runs end the file in long matches: a small buffer leaves zlib holding output near the end, which must
        // all come out before the member is judged whole or cut.
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("view,1005135,apple,1747.79\n", 20_000)) + new string('x', 5000));
        using var gz = new GzipMembersStream(new MemoryStream(Gzip(data)));
        using var back = new MemoryStream();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = gz.Read(buffer)) > 0)
            back.Write(buffer, 0, n);

        Assert.Equal(data, back.ToArray());
    }

    [Fact]
    public void Concatenated_gzip_members_and_zero_padding_read_as_one_file()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        var first = Gzip(Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(2001)) + "\n"));
        var second = Gzip(Encoding.UTF8.GetBytes(string.Join('\n', lines.Skip(2001)) + "\n"));
        byte[] joined = [.. first, .. second, .. new byte[512]]; // as `cat a.gz b.gz` makes, then padded

        var run = TestPipeline.Run([InputFile.FromStream("joined.csv.gz", new TrickleStream(joined, 7))], format: null);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Files_joined_end_to_end_each_with_its_header_read_as_one_file(bool gzipped)
    {
        // `cat day1.csv.gz day2.csv.gz` (or the CSV files): the second header was a record, rejected as event_time.
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        byte[] day1 = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(2001)) + "\n");
        byte[] day2 = Encoding.UTF8.GetBytes(string.Join('\n', [lines[0], .. lines.Skip(2001)]) + "\n");
        byte[] joined = gzipped ? [.. Gzip(day1), .. Gzip(day2)] : [.. day1, .. day2];

        var run = TestPipeline.Run([InputFile.FromStream(gzipped ? "joined.csv.gz" : "joined.csv", new MemoryStream(joined))], format: null);

        Assert.Equal(0, run.Summary.EventsRejected);
        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Folder_of_files_is_read_in_name_order_skipping_hidden_files()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        using var temp = new TempFolder();
        // Each part has its own header; the third is gzipped; a hidden file holds garbage that must be ignored.
        File.WriteAllLines(temp.File("part-1.csv"), lines.Take(1501));
        File.WriteAllLines(temp.File("part-2.csv"), [lines[0], .. lines.Skip(1501).Take(2000)]);
        File.WriteAllBytes(temp.File("part-3.csv.gz"), Gzip(Encoding.UTF8.GetBytes(string.Join('\n', [lines[0], .. lines.Skip(3501)]) + "\n")));
        File.WriteAllText(temp.File(".hidden.csv"), "garbage\n");

        var inputs = InputFiles.Resolve(temp.Path);
        var run = TestPipeline.Run(inputs, format: null, TestPipeline.Options(3));

        Assert.Equal(["part-1.csv", "part-2.csv", "part-3.csv.gz"], inputs.Select(i => Path.GetFileName(i.Name)));
        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void A_folder_gives_its_regular_files_and_links_to_them_but_not_a_named_pipe()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("a.csv"), "x\n");
        File.CreateSymbolicLink(temp.File("b.csv"), temp.File("a.csv"));
        MakeFifo(temp.File("c.csv")); // opened, it would wait for a writer forever
        Directory.CreateDirectory(temp.File("d"));

        Assert.Equal(["a.csv", "b.csv"], InputFiles.Resolve(temp.Path).Select(i => Path.GetFileName(i.Name)));

        // Named on its own, a pipe is an input (as <(zcat f.gz) gives one); a folder of nothing else has no files.
        var pipe = Assert.Single(InputFiles.Resolve(temp.File("c.csv")));
        Assert.Null(pipe.Length); // a stream: no size, no head to checksum (reading it would consume it)
        Assert.Null(pipe.Path);
        using var pipes = new TempFolder();
        MakeFifo(pipes.File("only.csv"));
        var error = Assert.Throws<InputException>(() => InputFiles.Resolve(pipes.Path));
        Assert.Contains("has no files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_letters_name_the_file_they_came_from()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("a.csv"), Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0)));
        File.WriteAllText(temp.File("b.csv"), Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0, user: 2), "oops"));

        var run = TestPipeline.Run(InputFiles.Resolve(temp.Path), format: null);

        var dead = run.SingleDeadLetter();
        Assert.Equal(temp.File("b.csv"), dead.GetProperty("source").GetString());
        Assert.Equal(3, dead.GetProperty("line").GetInt64());
    }

    [Fact]
    public void Standard_input_is_read_through_the_dash_path()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Rees46Sample);

        var inputs = InputFiles.Resolve("-", () => new TrickleStream(bytes, 4093));
        var run = TestPipeline.Run(inputs, format: null);

        Assert.Equal("stdin", Assert.Single(inputs).Name);
        Assert.Null(inputs[0].Length);
        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Stream_input_gives_the_golden_summary()
    {
        var run = TestPipeline.Run([InputFile.FromStream("upload", File.OpenRead(RepoPaths.Rees46Sample))], InputFormat.Rees46);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Missing_path_and_empty_folder_are_input_errors()
    {
        using var temp = new TempFolder();

        var missing = Assert.Throws<InputException>(() => InputFiles.Resolve(temp.File("nope.csv")));
        var empty = Assert.Throws<InputException>(() => InputFiles.Resolve(temp.Path));

        Assert.Contains("nope.csv", missing.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Path, empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_is_recognised_and_not_counted_as_a_record()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0)), format: null);

        Assert.Equal(1, run.Summary.EventsRead);
        Assert.Empty(run.DeadLetters);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(InputFormat.Rees46)]
    public void Blank_lines_before_the_header_do_not_hide_it(InputFormat? format)
    {
        string text = "\n\r\n" + Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0));

        var run = TestPipeline.Run(text, format);

        run.AssertNothingLost();
        Assert.Equal(1, run.Summary.EventsRead);
        Assert.Equal(1, run.Summary.EventsAccepted);
    }

    [Theory]
    [InlineData("\n\r\n  \n", InputFormat.Rees46)]
    [InlineData("", InputFormat.Rees46)]
    [InlineData("\n", InputFormat.Orders)]
    public void A_files_identity_holds_the_format_its_reader_detects_past_blank_lines(string blanks, InputFormat expected)
    {
        using var temp = new TempFolder();
        string body = expected == InputFormat.Orders
            ? "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            : Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0));
        File.WriteAllBytes(temp.File("day.csv.gz"), Gzip(Encoding.UTF8.GetBytes(blanks + body)));
        var input = InputFiles.Resolve(temp.File("day.csv.gz")).Single();

        // The checkpoint key and ingest --to kafka (whether an orders topic is needed) take the format from here; it
        // read the first line alone, and called a file that begins with a blank line undetected.
        Assert.Equal(expected, InputIdentity.DetectedFormat(input));
        Assert.Equal(expected, InputIdentity.Of(input).Format);
        Assert.Equal(expected, RecordSplitter.FirstRecordFormat(input, out bool found));
        Assert.True(found);
    }

    [Fact]
    public void A_file_of_blank_lines_alone_has_no_format_and_is_no_error_before_reading()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("blank.csv"), "\n\n \r\n");
        var input = InputFiles.Resolve(temp.File("blank.csv")).Single();

        Assert.Null(RecordSplitter.FirstRecordFormat(input, out bool found));
        Assert.False(found);
        RecordSplitter.CheckDetectable(input); // nothing to detect: the run reads it and reports no records
        Assert.Null(InputIdentity.DetectedFormat(input));
    }

    [Fact]
    public void File_without_header_is_read_whole_when_the_format_is_given()
    {
        string text = Rees46Rows.Row(Rees46Rows.T0) + "\n" + Rees46Rows.Row(Rees46Rows.T0, user: 2) + "\n";

        var run = TestPipeline.Run(text, InputFormat.Rees46);

        run.AssertNothingLost();
        Assert.Equal(2, run.Summary.EventsAccepted);
    }

    [Fact]
    public void File_without_header_and_without_format_is_an_input_error()
    {
        string text = Rees46Rows.Row(Rees46Rows.T0) + "\n";

        var ex = Assert.Throws<InputException>(() => TestPipeline.Run(text, format: null));

        Assert.Contains("--format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_line_later_in_a_file_is_no_record_as_the_first_is_not()
    {
        // It was a rejected record (event_time), which made every second day of `cat day1.csv day2.csv` one reject.
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(Rees46Rows.T0), Rees46Rows.Header, Rees46Rows.Row(Rees46Rows.T0.AddMinutes(1), product: 2)));

        run.AssertNothingLost();
        Assert.Equal((2, 0), (run.Summary.EventsRead, run.Summary.EventsRejected));
    }

    [Theory]
    [InlineData("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session", InputFormat.Rees46)]
    [InlineData("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country", InputFormat.Orders)]
    [InlineData("{\"event_time\":\"2019-10-01T00:00:00Z\"}", InputFormat.JsonLines)]
    [InlineData("  {\"a\":1}", InputFormat.JsonLines)]
    [InlineData("time,type,user", null)]
    public void Format_is_detected_from_the_first_line(string firstLine, InputFormat? expected)
    {
        Assert.Equal(expected, FormatDetector.Detect(Encoding.UTF8.GetBytes(firstLine)));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
