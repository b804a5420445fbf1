using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

public sealed class ProcessCommandTests
{
    [Fact]
    public void Ingest_then_process_gives_the_golden_summary_and_a_second_process_resumes_with_nothing_to_do()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "3", "--quiet").ExitCode);

        var first = Cli.RunProcess("process", "--from", ingested, "--out", processed);
        var firstSummary = File.ReadAllBytes(Path.Combine(processed, "summary.json"));
        var again = Cli.RunProcess("process", "--from", ingested, "--out", processed);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("processed 5,000 events", Encoding.UTF8.GetString(first.Output), StringComparison.Ordinal);
        Assert.DoesNotContain("rejected records in", Encoding.UTF8.GetString(first.Output), StringComparison.Ordinal); // process writes none there
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("processed 0 events from 3 log partitions (3 resumed", Encoding.UTF8.GetString(again.Output), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^5,000 events in [0-9.]+ s \(", Encoding.UTF8.GetString(first.Output));
        // The resumed process's rate is of what it processed, not of the 5,000 records its results cover.
        Assert.Matches(@"(?m)^0 events in [0-9.]+ s \(0 events/s\); the results cover all 5,000 events accepted$", Encoding.UTF8.GetString(again.Output));
        Assert.Equal(firstSummary, File.ReadAllBytes(Path.Combine(processed, "summary.json")));
    }

    [Fact]
    public void Processing_a_log_without_records_warns_that_the_results_are_empty()
    {
        using var temp = new TempFolder();
        string ingested = IngestHeaderAlone(temp);

        var processed = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("processed"), "--quiet");

        Assert.Equal(0, processed.ExitCode);
        Assert.Equal($"shopstream: warning: the event log in {Path.Combine(ingested, "log")} holds no records, so the results are empty", processed.Error.Trim());
    }

    [Fact]
    public void An_ingest_in_the_wrong_format_leaves_the_log_as_it_was_so_the_right_one_goes_in()
    {
        // The ingest that rejected every row recorded its position, naming the file in that format: the retry the
        // error suggested was refused for good, and its 5,000 rejects stayed in the log's counts.
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");

        var wrong = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--format", "orders", "--quiet");
        var right = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal(2, wrong.ExitCode);
        Assert.EndsWith($"; nothing was published to the event log in {Path.Combine(ingested, "log")}, which is left as it was", wrong.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, right.ExitCode);
        Assert.Equal(0, process.ExitCode);
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
        Assert.Empty(File.ReadLines(Path.Combine(ingested, "rejected", "ingest.jsonl"))); // the wrong ingest's, cut back
    }

    [Fact]
    public void A_file_ingested_while_its_last_line_is_written_gives_that_line_whole_to_the_next_ingest()
    {
        // Cut inside line 2075, a purchase of 787.18: the part was taken as a record (rejected, or accepted when the
        // cut fell in user_session), and the next ingest resumed after line 2075, so the whole line never went in.
        using var temp = new TempFolder();
        string input = temp.File("live.csv"), ingested = temp.File("ingested"), processed = temp.File("processed");
        byte[] whole = File.ReadAllBytes(RepoPaths.Rees46Sample);
        int cut = 0;
        for (int newlines = 0; newlines < 2074; cut++)
            newlines += whole[cut] == '\n' ? 1 : 0;
        File.WriteAllBytes(input, whole[..(cut + 60)]);

        var partial = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        File.WriteAllBytes(input, whole);
        var rest = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal(0, partial.ExitCode);
        Assert.Equal($"shopstream: warning: line 2075 of {input} has no line break after it, so it may still be being written: it is left for the next ingest of the file, which takes it once a line break ends it (if the file is complete, add one: echo >> FILE)", partial.Error.Trim());
        Assert.Equal(0, rest.ExitCode);
        Assert.Equal("", rest.Error.Trim());
        Assert.Equal(0, process.ExitCode);
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
        Assert.Empty(File.ReadLines(Path.Combine(ingested, "rejected", "ingest.jsonl")));
    }

    [Fact]
    public void A_folders_file_before_the_last_gives_its_last_line_even_without_a_line_break()
    {
        // Only the last file can still be being written: one before it, held back, was passed over for good.
        using var temp = new TempFolder();
        string folder = temp.File("in"), ingested = temp.File("ingested"), processed = temp.File("processed");
        Directory.CreateDirectory(folder);
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllText(Path.Combine(folder, "a.csv"), string.Join("\n", lines[..2501])); // no line break after its last row
        File.WriteAllText(Path.Combine(folder, "b.csv"), string.Join("\n", [lines[0], .. lines[2501..]]) + "\n");

        var ingest = Cli.RunProcess("ingest", "--input", folder, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal(0, ingest.ExitCode);
        Assert.Equal("", ingest.Error.Trim());
        Assert.Equal(0, process.ExitCode);
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
    }

    [Fact]
    public void A_held_back_last_line_keeps_the_ingest_unfinished_so_the_next_days_file_waits_for_it()
    {
        // Marked finished, the next file went in as new inputs after it, and the held-back row was passed over for good.
        using var temp = new TempFolder();
        string day1 = temp.File("day1.csv"), day2 = temp.File("day2.csv"), ingested = temp.File("ingested"), processed = temp.File("processed");
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllText(day1, string.Join("\n", lines[..2501])); // complete, but no line break after its last row
        File.WriteAllText(day2, string.Join("\n", [lines[0], .. lines[2501..]]) + "\n");

        Assert.Equal(0, Cli.RunProcess("ingest", "--input", day1, "--out", ingested, "--quiet").ExitCode);
        var refused = Cli.RunProcess("ingest", "--input", day2, "--out", ingested, "--quiet");
        File.AppendAllText(day1, "\n");
        var completed = Cli.RunProcess("ingest", "--input", day1, "--out", ingested, "--quiet");
        var next = Cli.RunProcess("ingest", "--input", day2, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the file's last line had no line break yet and was held back", refused.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (completed.ExitCode, completed.Error.Trim()));
        Assert.Equal((0, ""), (next.ExitCode, next.Error.Trim()));
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
    }

    [Fact]
    public void A_file_cut_just_after_a_line_break_inside_a_quoted_field_gives_that_record_whole_to_the_next_ingest()
    {
        // The file ended in a line break, so the part was taken as a record (rejected) and the resume skipped the rest.
        using var temp = new TempFolder();
        string input = temp.File("live.csv"), ingested = temp.File("ingested"), processed = temp.File("processed");
        string header = File.ReadLines(RepoPaths.Rees46Sample).First();
        File.WriteAllText(input, $"{header}\n2019-10-01 00:00:00 UTC,view,1,2,,acme,1.00,10,s1\n2019-10-01 00:00:01 UTC,view,2,2,,\"multi\n");

        var partial = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        File.AppendAllText(input, "line\",3.00,11,s2\n2019-10-01 00:00:02 UTC,view,3,2,,acme,2.00,12,s3\n");
        var rest = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");
        var run = Cli.RunProcess("run", "--input", input, "--out", temp.File("run"), "--quiet");

        Assert.Equal(0, partial.ExitCode);
        Assert.StartsWith($"shopstream: warning: the record at line 3 of {input} runs to the end of the file inside a quote", partial.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal((0, ""), (rest.ExitCode, rest.Error.Trim()));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(3, Cli.ReadSummary(processed).GetProperty("events_accepted").GetInt64());
        Assert.Equal(File.ReadAllBytes(temp.File("run/profiles.csv")), File.ReadAllBytes(Path.Combine(processed, "profiles.csv")));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void A_file_grown_by_part_of_a_line_alone_leaves_the_ingest_unfinished()
    {
        // Nothing new but the held part: the log kept its finished mark, another file went in after it, and the file,
        // grown, was then taken for a new input and appended whole (rows twice).
        using var temp = new TempFolder();
        string input = temp.File("day.csv"), other = temp.File("other.csv"), ingested = temp.File("ingested");
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllText(input, string.Join("\n", lines[..1001]) + "\n");
        File.WriteAllText(other, string.Join("\n", [lines[0], .. lines[3001..]]) + "\n");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet").ExitCode);
        File.AppendAllText(input, lines[1001][..40]);

        var held = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        var refused = Cli.RunProcess("ingest", "--input", other, "--out", ingested, "--quiet");

        Assert.Equal(0, held.ExitCode);
        Assert.StartsWith($"shopstream: warning: line 1002 of {input} has no line break after it", held.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the file's last line had no line break yet and was held back", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_only_record_is_held_back_says_so_alone_and_its_line_goes_in_once_ended()
    {
        using var temp = new TempFolder();
        string input = temp.File("one.csv"), ingested = temp.File("ingested");
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllText(input, lines[0] + "\n" + lines[1]); // its first record still being written

        var held = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        Assert.Equal(0, held.ExitCode);
        // It added "the input held no records (an empty file, or a header alone)".
        Assert.StartsWith($"shopstream: warning: line 2 of {input} has no line break after it", held.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("held no records", held.Error, StringComparison.Ordinal);

        File.AppendAllText(input, "\n");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", temp.File("out"), "--quiet").ExitCode);
        Assert.Equal(1, Cli.ReadSummary(temp.File("out")).GetProperty("events_accepted").GetInt64());

        // A CRLF line cut between its \r and \n is a line being written too, not a file of CR-only line ends.
        string crlf = temp.File("crlf.csv");
        File.WriteAllText(crlf, lines[1] + "\r");
        var cut = Cli.RunProcess("ingest", "--input", crlf, "--out", temp.File("crlf-ingested"), "--quiet");
        Assert.Equal(0, cut.ExitCode);
        Assert.StartsWith($"shopstream: warning: line 1 of {crlf} has no line break after it", cut.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_ingest_into_a_new_folder_leaves_no_log_so_the_retry_may_choose_its_partitions()
    {
        // The failed ingest made the log with the cores' partition count: the retry with --partitions 4 was refused.
        using var temp = new TempFolder();
        string ingested = temp.File("ingested");

        var wrong = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--format", "jsonl", "--quiet");
        var retry = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "4", "--quiet");

        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal((0, ""), (retry.ExitCode, retry.Error.Trim()));
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(ingested, "log")).Count(d => int.TryParse(Path.GetFileName(d), out _)));
    }

    [Fact]
    public void A_gzip_files_last_line_without_a_line_break_is_read_as_ever()
    {
        // A .gz being written reads as truncated anyway, and "echo >> FILE" would have damaged a whole one.
        using var temp = new TempFolder();
        string input = temp.File("day.csv.gz"), ingested = temp.File("ingested"), processed = temp.File("processed");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(input), System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(File.ReadAllText(RepoPaths.Rees46Sample).TrimEnd('\n')));

        var ingest = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        var process = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal((0, ""), (ingest.ExitCode, ingest.Error.Trim()));
        Assert.Equal(0, process.ExitCode);
        GoldenSummary.AssertMatches(Cli.ReadSummary(processed));
    }

    [Fact]
    public void A_damaged_offsets_file_is_written_again_with_a_warning()
    {
        // It failed every process at its first checkpoint, --from-scratch too, with "unexpected error (LogFormatException)".
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), offsets = Path.Combine(ingested, "log", "groups", "shopstream.offsets");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", temp.File("first"), "--quiet").ExitCode);
        using (var file = File.OpenWrite(offsets))
            file.Write("XXXX"u8);

        var damaged = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("second"), "--quiet");
        var after = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("third"), "--quiet");

        Assert.Equal(0, damaged.ExitCode);
        Assert.Equal($"shopstream: warning: '{offsets}' is not a ShopStream consumer offsets file: this process writes it again (the group's offsets only report its lag; it resumes from its checkpoints)", damaged.Error.Trim());
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.File("second")));
        Assert.Equal(0, after.ExitCode);
        Assert.Equal("", after.Error.Trim());
    }

    [Fact]
    public void A_process_without_checkpoints_says_it_removed_an_earlier_ones_and_that_it_committed_nothing()
    {
        // The state for going on incrementally went without a word, and the report said offsets were committed.
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet").ExitCode);

        var without = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--no-checkpoint");

        Assert.Equal(0, without.ExitCode);
        Assert.Equal($"shopstream: warning: {Path.Combine(processed, "checkpoint")} held an earlier process's checkpoints, which a process without checkpoints (--no-checkpoint) cannot resume: they were removed, and the next process starts over", without.Error.Trim());
        Assert.Contains("(0 resumed from checkpoints); no checkpoints or offsets written (--no-checkpoint)", Encoding.UTF8.GetString(without.Output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(processed, "checkpoint")));
    }

    [Theory]
    [InlineData("process", "--topic", "shop.other", "--topic is for Kafka: it needs --from kafka")]
    [InlineData("process", "--kafka-timeout", "5s", "--kafka-timeout is for Kafka: it needs --from kafka")]
    [InlineData("process", "--exit-when-idle", "5s", "--exit-when-idle is for Kafka: it needs --from kafka (a process from a folder stops at the log's end)")]
    [InlineData("ingest", "--bootstrap", "127.0.0.1:9092", "--bootstrap is for Kafka: it needs --to kafka")]
    public void Kafka_options_beside_the_embedded_log_are_refused_not_ignored(string command, string option, string value, string error)
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);

        var refused = command == "process"
            ? Cli.RunProcess("process", "--from", ingested, "--out", temp.File("processed"), option, value, "--quiet")
            : Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, option, value, "--quiet");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("shopstream: " + error, refused.Error.Trim());
    }

    [Fact]
    public void Processing_a_log_whose_every_record_was_rejected_exits_2()
    {
        // As run does: a scheduled process must not publish empty numbers with exit 0.
        using var temp = new TempFolder();
        string ingested = IngestHeaderAlone(temp);
        File.WriteAllText(Path.Combine(ingested, "rejected", "collector.jsonl"), "{\"source\":\"collector\",\"line\":1,\"reason\":\"json\",\"raw\":\"x\"}\n");

        var processed = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("processed"), "--quiet");

        Assert.Equal(2, processed.ExitCode);
        Assert.StartsWith($"shopstream: every record ingested into {Path.Combine(ingested, "log")} was rejected (1), so the results are empty", processed.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_a_log_made_again_in_the_same_folder_refuses_the_old_logs_checkpoints()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "2", "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet").ExitCode);
        Directory.Delete(ingested, recursive: true);
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.OrdersSample, "--out", ingested, "--partitions", "2", "--quiet").ExitCode);

        var refused = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");
        var scratch = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet", "--from-scratch");

        // It resumed: the new log's records past the old checkpoints' offsets went into the old log's state, exit 0.
        Assert.Equal(2, refused.ExitCode);
        Cli.AssertOneLineError(refused.Error);
        Assert.Contains("is a checkpoint of a different run (the event log: log ", refused.Error, StringComparison.Ordinal);
        Assert.Contains(" now); run with --from-scratch", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, scratch.ExitCode);
        Assert.Equal(15_000m, GoldenSummary.Lookup(Cli.ReadSummary(processed), "events_read"));
    }

    [Fact]
    public void A_damaged_newest_partition_checkpoint_is_passed_over_with_a_warning()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "2", "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet", "--checkpoint-every", "1000").ExitCode);
        byte[] summary = File.ReadAllBytes(Path.Combine(processed, "summary.json"));
        string newest = Directory.GetFiles(Path.Combine(processed, "checkpoint", "p0"), "*.ckpt").Max(StringComparer.Ordinal)!;
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(newest, bytes);

        var again = Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"shopstream: warning: {newest} is damaged (checksum mismatch): resuming partition 0 from the checkpoint before it", again.Error, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllBytes(Path.Combine(processed, "summary.json")));
    }

    [Fact]
    public void A_log_that_ends_before_its_checkpoint_is_refused_not_read_past_its_end()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), shorter = temp.File("shorter"), processed = temp.File("processed");
        string head = temp.File("head.csv");
        File.WriteAllLines(head, File.ReadLines(RepoPaths.Rees46Sample).Take(101));
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "2", "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("process", "--from", ingested, "--out", processed, "--quiet").ExitCode);
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", head, "--out", shorter, "--partitions", "2", "--quiet").ExitCode);
        File.Copy(Path.Combine(ingested, "log", "meta"), Path.Combine(shorter, "log", "meta"), overwrite: true); // the same log, its tail lost

        var refused = Cli.RunProcess("process", "--from", shorter, "--out", processed, "--quiet");

        Assert.Equal(2, refused.ExitCode); // was exit 1, "unexpected error (ArgumentOutOfRangeException)"
        Cli.AssertOneLineError(refused.Error);
        Assert.Contains("but the log ends at", refused.Error, StringComparison.Ordinal);
        Assert.Contains("run with --from-scratch", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_days_file_ingested_after_the_last_one_finished_and_is_gone_adds_to_the_log()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        string day1 = temp.File("in/day1.csv"), day2 = temp.File("in/day2.csv"), ingested = temp.File("ingested");
        Directory.CreateDirectory(temp.File("in"));
        File.WriteAllLines(day1, lines[..2501]);
        File.WriteAllLines(day2, [lines[0], .. lines[2501..]]);
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", day1, "--out", ingested, "--partitions", "3", "--quiet").ExitCode);
        File.Delete(day1); // yesterday's export, gone

        var second = Cli.RunProcess("ingest", "--input", day2, "--out", ingested);
        var processed = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("processed"), "--quiet");

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("new inputs: appended after the log's earlier ones (its ingest of new inputs #2)", Encoding.UTF8.GetString(second.Output), StringComparison.Ordinal);
        Assert.Contains("read 2,500 records: 2,500 accepted, 0 rejected; appended 2,500 events", Encoding.UTF8.GetString(second.Output), StringComparison.Ordinal);
        Assert.Equal(0, processed.ExitCode);
        Assert.Equal("", processed.Error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.File("processed"))); // as one ingest of the whole sample
    }

    [Fact]
    public void Process_warns_of_an_ingest_that_did_not_finish_and_not_once_it_has()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested");
        string[] ingest = ["ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--partitions", "2", "--quiet"];
        Assert.Equal(0, Cli.RunProcess(ingest).ExitCode);
        // A power cut with --fsync on-close: partition 0's last batch torn.
        string segment = Directory.GetFiles(Path.Combine(ingested, "log", "0"), "*.log").Single();
        using (var file = File.OpenWrite(segment))
            file.SetLength(file.Length - 100);

        var torn = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("torn"), "--quiet");
        Assert.Equal(0, Cli.RunProcess(ingest).ExitCode); // resumes, and appends the lost batch again
        var whole = Cli.RunProcess("process", "--from", ingested, "--out", temp.File("whole"), "--quiet");

        Assert.Equal(0, torn.ExitCode);
        Assert.Contains("shopstream: warning: the log's last ingest did not finish: partition 0 holds its input up to line", torn.Error, StringComparison.Ordinal);
        Assert.Contains("run the same ingest again", torn.Error, StringComparison.Ordinal);
        Assert.Equal(0, whole.ExitCode);
        Assert.DoesNotContain("did not finish", whole.Error, StringComparison.Ordinal);
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.File("whole")));
    }

    [Fact]
    public void Ingest_into_a_folder_whose_log_is_a_file_is_a_one_line_error()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("log"), "not a folder");

        var result = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", temp.Path);

        Assert.Equal(2, result.ExitCode); // it was .NET's "already exists", exit 1
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("log is a file: the event log goes in a folder of that name", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_into_a_folder_a_run_is_writing_is_a_one_line_error()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), processed = temp.File("processed");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);

        // As a process running into the folder holds them: the folder's lock and the event log.
        using (new Core.Output.RunDirectory(processed).LockForRun())
        using (new Core.Log.Embedded.FileEventLogBuilder(Path.Combine(ingested, "log")).Build())
        {
            var result = Cli.RunProcess("process", "--from", ingested, "--out", processed);

            Assert.Equal(1, result.ExitCode);
            Cli.AssertOneLineError(result.Error);
            Assert.Contains("is in use by another run", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(processed, "checkpoint")));
        }
    }

    [Fact]
    public void A_log_another_process_holds_leaves_no_new_output_folder_behind()
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested"), fresh = temp.File("fresh"), existing = temp.File("existing");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);
        Directory.CreateDirectory(existing);

        // As a server collecting into the log holds it.
        using (new Core.Log.Embedded.FileEventLogBuilder(Path.Combine(ingested, "log")).Build())
        {
            var result = Cli.RunProcess("process", "--from", ingested, "--out", fresh);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("is already open", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(fresh)); // was left holding a lone .run.lock

            Assert.Equal(1, Cli.RunProcess("process", "--from", ingested, "--out", existing).ExitCode);
            Assert.True(Directory.Exists(existing)); // the user's own folder stays
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // --out a link to the ingest's folder: it passed the check, then failed on the log's lock (exit 1)
    public void Serving_while_processing_into_the_ingests_own_folder_is_refused_before_it_starts(bool linked)
    {
        using var temp = new TempFolder();
        string ingested = temp.File("ingested");
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", ingested, "--quiet").ExitCode);
        string outDir = linked ? Directory.CreateSymbolicLink(temp.File("linked"), "ingested").FullName : ingested;

        // Its collector would append to DIR/log, the log it reads (it failed, exit 1, after 'serving the live state').
        var result = Cli.RunProcess("process", "--from", ingested, "--out", outDir, "--serve", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("the collector appends to", result.Error, StringComparison.Ordinal);
        Assert.Equal("", Encoding.UTF8.GetString(result.Output));
    }

    [Theory]
    [InlineData("log")]
    [InlineData("log/results")]
    [InlineData("to-log/results")] // through a link to the log's folder
    public void Processing_into_the_event_logs_own_folder_is_refused(string under)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet").ExitCode);
        Directory.CreateSymbolicLink(temp.File("to-log"), "log");
        var before = Directory.GetFileSystemEntries(temp.File("log"), "*", SearchOption.AllDirectories).Order().ToArray();

        var result = Cli.RunProcess("process", "--from", temp.Path, "--out", temp.File(under));

        Assert.Equal(2, result.ExitCode); // was 0, results and checkpoints written among the log's partitions
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("is inside the event log", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(temp.File("log"), "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public void Ingesting_into_an_output_that_is_a_file_is_a_one_line_error()
    {
        using var temp = new TempFolder();
        string file = temp.File("not-a-folder");
        File.WriteAllText(file, "x");

        var result = Cli.RunProcess("ingest", "--input", RepoPaths.Rees46Sample, "--out", file);

        Assert.Equal(2, result.ExitCode); // was exit 1, "Could not find a part of the path .../log"
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("is a file: the output (--out) must be a folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_a_folder_without_a_log_is_a_one_line_error()
    {
        using var temp = new TempFolder();

        var result = Cli.RunProcess("process", "--from", temp.Path, "--out", temp.File("out"));

        Assert.Equal(2, result.ExitCode);
        Cli.AssertOneLineError(result.Error);
        Assert.Contains("holds no event log", result.Error, StringComparison.Ordinal);

        // An input file: it was told to ingest --out the file itself.
        result = Cli.RunProcess("process", "--from", RepoPaths.Rees46Sample, "--out", temp.File("out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"is a file, not an event log: ingest it first ('shopstream ingest --input {RepoPaths.Rees46Sample} --out DIR')", result.Error, StringComparison.Ordinal);
    }

    // A log that an ingest of the sample's header alone made: there, but without records.
    private static string IngestHeaderAlone(TempFolder temp)
    {
        string input = temp.File("header.csv"), ingested = temp.File("ingested");
        File.WriteAllText(input, File.ReadLines(RepoPaths.Rees46Sample).First() + "\n");
        var ingest = Cli.RunProcess("ingest", "--input", input, "--out", ingested, "--quiet");
        Assert.Equal(0, ingest.ExitCode);
        // The log is made, empty: not "nothing was published to the event log ..., which is left as it was", a run's
        // store's words, which this warning took on for a while.
        Assert.Equal("shopstream: warning: the input held no records (an empty file, or a header alone), so the results are empty", ingest.Error.Trim());
        return ingested;
    }
}
