using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream run</c>: the main job, its output folder and its exit codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public async Task A_named_pipe_as_input_is_read_once_as_a_stream_with_checkpoints_off()
    {
        using var temp = new TempFolder();
        string pipe = temp.File("events.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
            mkfifo.WaitForExit();
        // What <(cat file) gives: the writer blocks until the run opens the pipe for reading.
        var writer = Task.Run(() => File.WriteAllBytes(pipe, File.ReadAllBytes(RepoPaths.Rees46Sample)));

        var (code, error) = Cli.Run("run", "--input", pipe, "--out", temp.File("out"), "--quiet");

        Assert.True(code == 0, error); // was a stack trace: the run's key checksummed the head of a file that cannot seek
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.File("out")));
        Assert.False(Directory.Exists(temp.File("out/checkpoint")) && Directory.EnumerateFiles(temp.File("out/checkpoint")).Any());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    public void Run_on_the_sample_writes_the_golden_summary(string partitions)
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", outDir, "--quiet", "--partitions", partitions);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(outDir));
        Assert.True(File.Exists(Path.Combine(outDir, "profiles.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "sessions.csv")));
        Assert.Equal(0, new FileInfo(Path.Combine(outDir, "rejected", "rejected.jsonl")).Length);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData("Unrecognized command or argument 'frobnicate'", "lake", "frobnicate")]
    [InlineData("Unrecognized command or argument 'sessions'", "export", "sessions")]
    [InlineData("--max-rows must be 0 (all) or more, got -1", "query", "--out", ".", "--max-rows", "-1", "SELECT 1")]
    [InlineData("--serve-timeout needs --serve", "run", "--input", "x.csv", "--out", "out", "--serve-timeout", "5s")] // was accepted and ignored
    [InlineData("--serve-timeout must be more than 0 and at most 5m, got 0s", "run", "--input", "x.csv", "--out", "out", "--serve", "http://127.0.0.1:0", "--serve-timeout", "0s")] // was "got 00:00:00"
    [InlineData("--out is empty: give a folder", "run", "--input", "x.csv", "--out", "")] // was .NET's "(Parameter 'path')"
    [InlineData("--no-checkpoint and --checkpoint-every contradict each other: give one", "run", "--input", "x.csv", "--out", "out", "--no-checkpoint", "--checkpoint-every", "100")] // the count was ignored
    [InlineData("--no-checkpoint and --checkpoint-interval contradict each other: give one", "process", "--from", "in", "--out", "out", "--checkpoint-interval", "5s", "--no-checkpoint")]
    [InlineData("--out is empty: give a folder", "ingest", "--input", "x.csv", "--out", " ")] // wrote a log into the current folder, exit 0
    [InlineData("--from is empty: give a folder", "process", "--from", "", "--out", "out")] // read the current folder's log, exit 0
    public void A_bad_command_line_names_what_is_wrong_in_one_line(string message, params string[] args)
    {
        var (code, error) = Cli.Run(args);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(message, error, StringComparison.Ordinal); // was "Required command was not provided", or two lines
    }

    [Theory]
    [InlineData("run", "rejected/rejected.jsonl")]
    [InlineData("ingest", "rejected/ingest.jsonl")]
    public void Input_whose_every_record_is_rejected_exits_2_with_its_rejects_written(string command, string rejects)
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        int rows = File.ReadLines(RepoPaths.Rees46Sample).Count(); // the header too: as JSON lines it is a record

        var (code, error) = Cli.Run(command, "--input", RepoPaths.Rees46Sample, "--format", "jsonl", "--out", outDir, "--quiet");

        Assert.Equal(2, code); // was 0: a scheduled job published empty numbers
        Cli.AssertOneLineError(error);
        Assert.Contains($"every record read was rejected ({rows:N0})", error, StringComparison.Ordinal);
        Assert.Equal(rows, File.ReadLines(Path.Combine(outDir, rejects)).Count());
    }

    [Fact]
    public void Ingest_that_accepts_nothing_into_a_new_log_reports_no_log()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, output, _) = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--format", "jsonl", "--out", outDir);

        Assert.Equal(2, code);
        string report = System.Text.Encoding.UTF8.GetString(output);
        Assert.Contains("log: none made (no record was accepted)", report, StringComparison.Ordinal); // said "(2 partitions, 0 events)"
        Assert.DoesNotContain("0 events)", report, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(outDir, "log")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Input_with_no_records_is_not_an_error_but_says_so(bool header)
    {
        using var temp = new TempFolder();
        string input = temp.File("empty.csv");
        File.WriteAllLines(input, header ? [File.ReadLines(RepoPaths.Rees46Sample).First()] : []);

        // An empty export ran silently to all-zero results (exit 0, nothing on stderr, --quiet or not); ingest still did.
        foreach (string command in new[] { "run", "ingest" })
        {
            var (code, error) = Cli.Run(command, "--input", input, "--format", "rees46", "--out", temp.File("out-" + command), "--quiet");

            Assert.Equal(0, code);
            Assert.Equal("shopstream: warning: the input held no records (an empty file, or a header alone), so the results are empty", error.Trim());
        }
    }

    [Fact]
    public void A_quote_left_open_that_joins_the_rest_of_the_file_into_one_record_is_a_warning()
    {
        // RFC 4180 reads every line after an open quote as part of one field: 1,000 rows became one too_large reject,
        // with exit 0 and nothing said. The warning names where it began.
        using var temp = new TempFolder();
        var rows = File.ReadLines(RepoPaths.Rees46Sample).Take(1002).ToList();
        rows[2] = rows[2].Replace(",view,", ",\"view,", StringComparison.Ordinal);
        string input = temp.File("open-quote.csv");
        File.WriteAllLines(input, rows);

        var (code, error) = Cli.Run("run", "--input", input, "--out", temp.File("out-run"), "--quiet");
        // An ingest holds it back instead: the file may have been cut inside a quoted field that holds line breaks.
        var (ingestCode, ingestError) = Cli.Run("ingest", "--input", input, "--out", temp.File("out-ingest"), "--quiet");

        Assert.Equal(0, code); // line 2 was accepted
        Assert.Equal($"shopstream: warning: the record at line 3 of {input} runs over 1,000 lines to the end of the file inside a quote: a quote (\") left open joins every line after it into one record; mend the file and read it again", error.Trim());
        Assert.Equal(0, ingestCode);
        Assert.Equal($"shopstream: warning: the record at line 3 of {input} runs to the end of the file inside a quote, so it may still be being written: it is left for the next ingest of the file, which takes it once its quote closes (if the file is complete, a quote (\") left open joins every line after it into one record: mend the file and ingest it again)", ingestError.Trim());
    }

    [Fact]
    public void One_event_time_far_ahead_that_makes_the_rest_late_is_a_warning_naming_it()
    {
        // One row from 2100 moved the watermark there: every later event was left out of the windows, with exit 0
        // and only a "late" count in the report.
        using var temp = new TempFolder();
        var rows = File.ReadLines(RepoPaths.Rees46Sample).ToList();
        rows.Insert(1, "2100-12-31 23:59:59 UTC,view,1,,,,1.00,42,s");
        string input = temp.File("poison.csv");
        File.WriteAllLines(input, rows);

        var (code, error) = Cli.Run("run", "--input", input, "--out", temp.File("out"), "--quiet");
        var (_, sampleError) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("sample"), "--quiet");

        Assert.Equal(0, code);
        Assert.StartsWith("shopstream: warning: 5,000 events (100.0% of those accepted) came more than 48h behind the watermark", error.Trim(), StringComparison.Ordinal);
        Assert.Contains("the latest event time read is 2100-12-31T23:59:59Z", error, StringComparison.Ordinal);
        Assert.Equal("", sampleError.Trim());
    }

    [Theory]
    [InlineData("run")]
    [InlineData("ingest")] // it held the file back whole as a line still being written, exit 0 without a word of the \r
    public void A_file_with_cr_only_line_ends_says_so(string command)
    {
        using var temp = new TempFolder();
        string input = temp.File("mac.csv");
        File.WriteAllText(input, string.Join("\r", File.ReadLines(RepoPaths.Rees46Sample).Take(20)) + "\r");

        var (code, error) = Cli.Run(command, "--input", input, "--out", temp.File("out"), "--quiet");

        Assert.Equal(2, code); // its one record rejected; it was 0 read and exit 0
        Assert.StartsWith($"shopstream: warning: {input} ends its lines with a carriage return alone (\\r), which is no line end here", error, StringComparison.Ordinal);
        Assert.Contains("shopstream: every record read was rejected (1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_the_columns_in_another_order_says_which_header_is_read()
    {
        using var temp = new TempFolder();
        string input = temp.File("reordered.csv");
        File.WriteAllLines(input, ["user_id,event_time,event_type,product_id,category_id,category_code,brand,price,user_session", "1,2019-10-01 00:00:00 UTC,view,2,3,,,1.00,"]);

        var (code, error) = Cli.Run("run", "-i", input, "-o", temp.File("out"), "-q");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        // It said "pass --format", which then rejected every row: the columns are read by position.
        Assert.Contains("it names 9 of the rees46 columns, but a rees46 file must start with the header event_time,event_type,product_id,", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pass --format", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run", "--format", "rees46")]
    [InlineData("ingest")]
    public void A_header_that_starts_right_with_the_rest_reordered_is_refused(string command, params string[] format)
    {
        using var temp = new TempFolder();
        string input = temp.File("swapped.csv");
        // brand and category_code swapped: read by position, each row went in with the one in the other's field.
        File.WriteAllLines(input, ["event_time,event_type,product_id,category_id,brand,category_code,price,user_id,user_session", "2019-10-01 00:00:00 UTC,view,2,3,acme,a.b,1.00,1,"]);

        var (code, error) = Cli.Run([command, "-i", input, "-o", temp.File("out"), "-q", .. format]);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains($"'{input}': its header is not the rees46 header: a rees46 file must start with the header event_time,event_type,product_id,category_id,category_code,brand,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_line_over_the_size_limit_is_a_record_not_a_header_to_check()
    {
        using var temp = new TempFolder();
        string input = temp.File("long.csv");
        File.WriteAllLines(input, ["event_time,event_type," + new string('x', 70_000), .. File.ReadLines(RepoPaths.Rees46Sample).Skip(1).Take(3)]);

        var (code, error) = Cli.Run("run", "-i", input, "-o", temp.File("out"), "-q");

        Assert.True(code == 0, error); // its 1 KiB prefix was checked as a header, and the file refused
        Assert.Equal(1, Cli.ReadSummary(temp.File("out")).GetProperty("rejected_by_reason").GetProperty("too_large").GetInt64());
    }

    [Fact]
    public void An_input_of_no_format_is_refused_before_the_folders_last_run_is_touched()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("out"), "-q").ExitCode);
        string summary = File.ReadAllText(temp.File("out/summary.json"));
        Directory.CreateDirectory(temp.File("in"));
        File.Copy(RepoPaths.Rees46Sample, temp.File("in/a.csv"));
        File.WriteAllText(temp.File("in/b.txt"), "\n\nnot an event\n"); // the second file's first line, after blank ones

        var (code, error) = Cli.Run("run", "-i", temp.File("in"), "-o", temp.File("out"), "-q");

        Assert.Equal(2, code);
        Assert.Contains($"cannot tell the format of '{temp.File("in/b.txt")}' from its first line", error, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllText(temp.File("out/summary.json"))); // was removed: export then said no finished run
    }

    [Fact]
    public void An_output_folder_that_is_the_input_folder_is_refused()
    {
        using var temp = new TempFolder();
        string folder = temp.File("events");
        Directory.CreateDirectory(folder);
        File.Copy(RepoPaths.Rees46Sample, Path.Combine(folder, "day1.csv"));

        var (code, error) = Cli.Run("run", "-i", folder, "-o", folder + "/", "-q");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("the output folder is the input folder", error, StringComparison.Ordinal);
        Assert.Equal(["day1.csv"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));

        // Reached through a symbolic link: it wrote its results into the input folder, exit 0.
        string link = temp.File("events-link");
        Directory.CreateSymbolicLink(link, folder);
        (code, error) = Cli.Run("run", "-i", link, "-o", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains("the output folder is the input folder", error, StringComparison.Ordinal);
        Assert.Equal(["day1.csv"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--checkpoint-every", "-5", "--checkpoint-every must be 0")]
    [InlineData("--checkpoint-every", "abc", "'abc' for option '--checkpoint-every' as a whole number")] // a stack trace, exit 134
    [InlineData("--checkpoint-every", "99999999999999999999", "for option '--checkpoint-every' as a whole number")]
    [InlineData("--session-gap", "99999999999d", "is too long a duration")]
    [InlineData("--checkpoint-interval", "1e300s", "is too long a duration")]
    [InlineData("--session-gap", "30", "is not a duration")] // a unit is needed: not 30 days
    public void An_out_of_range_option_is_a_one_line_error_not_a_stack_trace(string option, string value, string message)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("out"), "-q", option, value);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_run_removes_the_earlier_summary_before_it_writes_its_own_dead_letters()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q").ExitCode);
        string summary = Path.Combine(temp.Path, "summary.json");
        Assert.True(File.Exists(summary));

        // A run that has started (its dead-letter file opened, so emptied) and not yet finished, as one killed then.
        using (var job = new RunJob(RepoPaths.Rees46Sample, null, new ShopStream.Core.Output.RunDirectory(temp.Path), new ShopStream.Core.Processing.PipelineOptions()))
        {
            Assert.True(File.Exists(summary), "constructing the run (before its lake and store are opened) changed the folder");
            job.Start();
            Assert.False(File.Exists(summary), "the earlier run's summary.json stood beside this run's dead letters");
        }
    }

    [Fact]
    public void A_run_whose_local_lake_cannot_be_written_leaves_the_earlier_runs_summary_and_dead_letters()
    {
        using var temp = new TempFolder();
        string bad = temp.File("bad.csv");
        File.WriteAllText(bad, File.ReadLines(RepoPaths.Rees46Sample).First() + "\nnot,a,record\n" + string.Join('\n', File.ReadLines(RepoPaths.Rees46Sample).Skip(1).Take(5)) + "\n");
        string outDir = temp.File("out");
        Assert.Equal(0, Cli.Run("run", "-i", bad, "-o", outDir, "-q").ExitCode);
        string rejected = Path.Combine(outDir, "rejected", "rejected.jsonl");
        string before = File.ReadAllText(rejected);
        // A file where the lake's gold folder goes: its tables' folders cannot be made (as on a read-only or full
        // disk), whoever runs the test.
        string lake = temp.File("lake");
        Directory.CreateDirectory(lake);
        File.WriteAllText(Path.Combine(lake, "gold"), "not a folder");

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--lake", lake);

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.json")), "a run refused at its lake removed the earlier run's summary");
        Assert.Equal(before, File.ReadAllText(rejected)); // and emptied its dead letters
    }

    [Fact]
    public void A_run_whose_lake_has_a_damaged_log_fails_before_it_reads_or_touches_its_folder()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--lake").ExitCode);
        var profiles = File.ReadAllBytes(Path.Combine(outDir, "profiles.csv"));
        File.WriteAllText(Path.Combine(outDir, "lake", "silver", "events", "_delta_log", "00000000000000000000.json"), "");

        var (code, error) = Cli.Run("run", "-i", RepoPaths.OrdersSample, "-o", outDir, "-q", "--lake");

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("silver/events", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.json")), "the run removed the earlier summary before it found the damaged log");
        Assert.Equal(profiles, File.ReadAllBytes(Path.Combine(outDir, "profiles.csv"))); // it read the whole input and rewrote the results first
        Assert.Single(Directory.GetFiles(Path.Combine(outDir, "lake", "bronze", "events", "_delta_log"), "*.json")); // and committed bronze
    }

    [Theory]
    [InlineData(".lake-staging")] // was exit 0, the lake it had just written deleted with the staging
    [InlineData(".spill")] // exit 1 after the whole input was read: the spill folder went after the lake was opened
    [InlineData("checkpoint")]
    public void A_lake_inside_a_folder_the_run_deletes_is_refused(string cleared)
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, error) = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--lake", Path.Combine(outDir, cleared, "mylake"));

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains($"is inside {Path.Combine(outDir, cleared)}, which the run deletes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_reported_before_an_unreachable_lake()
    {
        using var temp = new TempFolder();
        var environment = new Dictionary<string, string> { ["SHOPSTREAM_S3_ENDPOINT"] = "http://127.0.0.1:1", ["AWS_ACCESS_KEY_ID"] = "x", ["AWS_SECRET_ACCESS_KEY"] = "y" };

        var (code, _, error) = Cli.RunProcess(null, environment, "run", "-i", temp.File("missing.csv"), "-o", temp.File("out"), "-q", "--lake", "s3://lake/prefix");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("missing.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_lake_cannot_be_reached_leaves_the_earlier_runs_summary_and_dead_letters()
    {
        using var temp = new TempFolder();
        string bad = temp.File("bad.csv");
        File.WriteAllText(bad, File.ReadLines(RepoPaths.Rees46Sample).First() + "\nnot,a,record\n" + string.Join('\n', File.ReadLines(RepoPaths.Rees46Sample).Skip(1).Take(5)) + "\n");
        Assert.Equal(0, Cli.Run("run", "-i", bad, "-o", temp.Path, "-q").ExitCode);
        string rejected = Path.Combine(temp.Path, "rejected", "rejected.jsonl");
        string before = File.ReadAllText(rejected);
        // Nothing listens on port 1.
        var environment = new Dictionary<string, string> { ["SHOPSTREAM_S3_ENDPOINT"] = "http://127.0.0.1:1", ["AWS_ACCESS_KEY_ID"] = "x", ["AWS_SECRET_ACCESS_KEY"] = "y" };

        var (code, _, error) = Cli.RunProcess(null, environment, "run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake", "s3://lake/prefix");

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.True(File.Exists(Path.Combine(temp.Path, "summary.json")), "a run refused at its lake removed the earlier run's summary");
        Assert.Equal(before, File.ReadAllText(rejected)); // and emptied its dead letters
    }

    [Fact]
    public void A_run_into_a_folder_another_run_is_writing_is_refused_before_it_touches_anything()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q").ExitCode);
        string rejected = Path.Combine(outDir, "rejected", "rejected.jsonl");
        File.WriteAllText(rejected, "{\"the first run's\":1}\n");
        var summary = File.ReadAllBytes(Path.Combine(outDir, "summary.json"));

        // Held as a run in progress holds it; in another process (flock), as a second shopstream would meet it.
        using (new Core.Output.RunDirectory(outDir).LockForRun())
        {
            var inProcess = Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--checkpoint-every", "1000");
            var child = Cli.RunProcess("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q", "--from-scratch");

            foreach (var (code, error) in new[] { (inProcess.ExitCode, inProcess.Error), (child.ExitCode, child.Error) })
            {
                Assert.Equal(1, code);
                Cli.AssertOneLineError(error);
                Assert.Contains("is in use by another run", error, StringComparison.Ordinal);
            }

            Assert.Equal("{\"the first run's\":1}\n", File.ReadAllText(rejected)); // not cut back
            Assert.False(Directory.Exists(Path.Combine(outDir, "checkpoint")));
            Assert.Equal(summary, File.ReadAllBytes(Path.Combine(outDir, "summary.json")));
        }

        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", outDir, "-q").ExitCode); // released with its run
        Assert.Equal(0, new FileInfo(rejected).Length);
    }

    [Fact]
    public void Run_output_files_do_not_depend_on_partitions()
    {
        using var temp = new TempFolder();

        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("p1"), "-q", "--partitions", "1").ExitCode);
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("p5"), "-q", "--partitions", "5").ExitCode);

        foreach (var file in new[] { "summary.json", "profiles.csv", "sessions.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("p1"), file)), File.ReadAllBytes(Path.Combine(temp.File("p5"), file)));
    }

    [Fact]
    public void Spilling_every_idle_user_changes_no_output_and_leaves_no_spill_folder()
    {
        using var temp = new TempFolder();

        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("memory"), "-q").ExitCode);
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.File("spill"), "-q", "--state-horizon", "0s").ExitCode);

        foreach (var file in new[] { "summary.json", "profiles.csv", "sessions.csv", "product_hourly.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("memory"), file)), File.ReadAllBytes(Path.Combine(temp.File("spill"), file)));
        Assert.False(Directory.Exists(Path.Combine(temp.File("spill"), ".spill")));
    }

    [Fact]
    public void Spill_and_live_serving_together_exit_2_with_one_line()
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", "--state-horizon", "2h", "--serve");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("--state-horizon", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_options_reach_the_pipeline()
    {
        using var temp = new TempFolder();

        var (code, _) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--format", "rees46", "--out", temp.Path, "--quiet",
            "--session-gap", "1m", "--dedup-horizon", "48h", "--allowed-disorder", "00:05:00");

        Assert.Equal(0, code);
        var summary = Cli.ReadSummary(temp.Path);
        Assert.True(GoldenSummary.Lookup(summary, "sessions") > 1753);
        Assert.Equal(1747, GoldenSummary.Lookup(summary, "users"));
    }

    [Fact]
    public void Rejected_records_land_in_the_dead_letter_file()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        File.WriteAllLines(input, [.. File.ReadLines(RepoPaths.Rees46Sample).Take(11), "not,a,valid,row", "2019-10-01 00:00:00 UTC,click,1,2,,,1.00,5,"]);

        var (code, _) = Cli.Run("run", "--input", input, "--out", temp.File("out"), "--quiet");

        Assert.Equal(0, code);
        var summary = Cli.ReadSummary(temp.File("out"));
        Assert.Equal(12, GoldenSummary.Lookup(summary, "events_read"));
        Assert.Equal(2, GoldenSummary.Lookup(summary, "events_rejected"));
        Assert.Equal(1, GoldenSummary.Lookup(summary, "rejected_by_reason.field_count"));
        Assert.Equal(1, GoldenSummary.Lookup(summary, "rejected_by_reason.event_type"));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(temp.File("out"), "rejected", "rejected.jsonl")).Length);
    }

    [Fact]
    public void Run_on_the_orders_sample_reads_every_line()
    {
        using var temp = new TempFolder();

        var (code, _) = Cli.Run("run", "--input", RepoPaths.OrdersSample, "--format", "orders", "--out", temp.Path, "--quiet");

        Assert.Equal(0, code);
        var summary = Cli.ReadSummary(temp.Path);
        Assert.Equal(15000, GoldenSummary.Lookup(summary, "events_read"));
        Assert.Equal(15000, GoldenSummary.Lookup(summary, "events_accepted"));
        Assert.Equal(314, GoldenSummary.Lookup(summary, "events_by_type.refund"));
    }

    [Fact]
    public void Dash_reads_the_events_from_standard_input()
    {
        using var temp = new TempFolder();

        // Standard input belongs to the process, so this runs shopstream as a child process.
        var (code, _, error) = Cli.RunProcess(File.ReadAllBytes(RepoPaths.Rees46Sample), "run", "--input", "-", "--out", temp.Path, "--quiet");

        Assert.True(code == 0, error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.Path));
    }

    [Fact]
    public void A_run_with_no_checkpoint_says_it_removes_an_earlier_runs_checkpoints()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "checkpoint");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "000000000004.ckpt"), "a killed run's");

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet", "--no-checkpoint");

        Assert.True(code == 0, error); // it removed them without a word
        Assert.Equal($"shopstream: warning: {folder} held an earlier run's checkpoints, which a run without checkpoints (--no-checkpoint) cannot resume: they were removed, and this run starts over", error.Trim());
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_run_from_standard_input_says_it_removes_an_earlier_runs_checkpoints()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "checkpoint");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "000000000004.ckpt"), "a killed file run's"); // never read: a stream cannot resume it

        var (code, _, error) = Cli.RunProcess(File.ReadAllBytes(RepoPaths.Rees46Sample), "run", "--input", "-", "--out", temp.Path, "--quiet");

        Assert.True(code == 0, error); // it removed them without a word
        Assert.Equal($"shopstream: warning: {folder} held an earlier run's checkpoints, which a run from a stream cannot resume: they were removed, and this run starts over", error.Trim());
        Assert.False(Directory.Exists(folder));
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.Path));
    }

    [Fact]
    public void Output_folder_that_is_a_file_exits_2_with_one_line_that_says_so()
    {
        using var temp = new TempFolder();
        string notAFolder = temp.File("taken");
        File.WriteAllText(notAFolder, "x");

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", notAFolder, "--quiet");

        Assert.Equal(2, code); // a bad argument, as README's exit codes say
        Cli.AssertOneLineError(error);
        Assert.Contains("is a file: the output (--out) must be a folder", error, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(notAFolder));

        // Or a folder under a file: "could not find a part of the path", exit 1, before.
        (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", Path.Combine(notAFolder, "sub"), "--quiet");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains($"{notAFolder} is a file, so the output folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_input_exits_2_with_one_line_and_writes_nothing()
    {
        using var temp = new TempFolder();
        string outDir = temp.File("out");

        var (code, error) = Cli.Run("run", "--input", temp.File("no-such-file.csv"), "--out", outDir, "--quiet");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("no-such-file.csv", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Unreadable_format_exits_2_with_one_line()
    {
        using var temp = new TempFolder();
        string input = temp.File("mystery.txt");
        File.WriteAllText(input, "a,b,c\n1,2,3\n");

        var (code, error) = Cli.Run("run", "--input", input, "--out", temp.File("out"), "--quiet");

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("--format", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--partitions", "0")]
    [InlineData("--session-gap", "0s")]
    public void Out_of_range_option_exits_2_with_one_line(string option, string value)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", option, value);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
    }

    // README: "`2` bad input or arguments (missing or unreadable input, unknown format, bad option), with a
    // one-line `shopstream: ...` message on stderr" (and ExitCodes.BadInput says the same).
    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--session-gap", "soon")]
    [InlineData("--partitions", "many")]
    public void Bad_option_value_exits_2(string option, string value)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("out"), "--quiet", option, value);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 0)] // the default 48 h takes an event 3 h late
    [InlineData("1h", 1)]
    public void Lateness_decides_which_late_events_the_windows_drop(string? lateness, int dropped)
    {
        using var temp = new TempFolder();
        string input = temp.File("late.jsonl");
        File.WriteAllLines(input,
        [
            """{"event_id":"a","event_time":"2019-10-01T05:00:00Z","event_type":"view","user_id":1,"product_id":1,"price":1}""",
            """{"event_id":"b","event_time":"2019-10-01T02:00:00Z","event_type":"view","user_id":2,"product_id":1,"price":1}""",
        ]);
        string outDir = temp.File("out");
        string[] args = ["run", "--input", input, "--out", outDir, "--quiet"];

        Assert.Equal(0, Cli.Run(lateness is null ? args : [.. args, "--lateness", lateness]).ExitCode);

        var summary = Cli.ReadSummary(outDir);
        Assert.Equal(1, summary.GetProperty("late_events").GetInt64());
        Assert.Equal(dropped, summary.GetProperty("late_events_dropped").GetInt64());
    }
}
