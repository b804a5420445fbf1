using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Log;

/// <summary>Ingest into the embedded log: every accepted row once, even when an ingest is interrupted and run again.</summary>
public sealed class LogIngestTests
{
    private static readonly FileEventLogOptions s_options = new() { Partitions = 3, Fsync = FsyncPolicy.Never, SegmentBytes = 64 * 1024 };

    [Fact]
    public void Ingest_appends_every_accepted_event_to_its_users_partition_with_the_stream_max_time()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);

        var result = Ingest(temp, log, [InputFile.FromPath(RepoPaths.Rees46Sample)]);

        Assert.Equal((5000L, 5000L, 0L, 5000L), (result.Read, result.Accepted, result.Rejected, result.Appended));
        var direct = TestPipeline.Read(File.ReadAllBytes(RepoPaths.Rees46Sample)).Events;
        long streamMax = long.MinValue;
        var expected = direct.Select(e => (e, max: streamMax = Math.Max(streamMax, e.EventTimeTicks))).ToList();
        for (int p = 0; p < 3; p++)
        {
            var stored = ReadAll(log, p);
            var mine = expected.Where(x => Partitioner.Of(x.e.UserId, 3) == p).ToList();
            Assert.Equal(mine.Select(x => (x.e.Fingerprint, x.max)), stored.Select(x => (x.Event.Fingerprint, x.StreamMax)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(41)]
    public void Interrupted_ingest_resumes_and_ends_byte_for_byte_as_an_uninterrupted_one(int appendsBeforeCrash)
    {
        var input = InputWithBadRows();
        using var clean = new TempFolder();
        using (var log = Open(clean))
            Ingest(clean, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        using var crashed = new TempFolder();
        using (var log = Open(crashed))
        {
            var failing = new FailingLog(log, appendsBeforeCrash); // dies in the middle of a block's appends
            Assert.Throws<IOException>(() => Ingest(crashed, failing, [InputFile.FromStream("in", new MemoryStream(input))]));
        }

        IngestResult resumed;
        using (var log = Open(crashed))
            resumed = Ingest(crashed, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.Equal(appendsBeforeCrash >= 3, resumed.ResumedAfter is not null); // until every partition holds a block, it starts over
        Assert.Equal(resumed.Read, resumed.Accepted + resumed.Rejected);
        Assert.Equal(LogBytes(clean), LogBytes(crashed));
        Assert.Equal(File.ReadAllBytes(DeadLetters(clean)), File.ReadAllBytes(DeadLetters(crashed)));
    }

    [Fact]
    public void Running_a_finished_ingest_again_appends_nothing()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);
        var input = InputWithBadRows();
        var first = Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        var again = Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.Equal(0, again.Appended);
        Assert.Equal((first.Read, first.Accepted, first.Rejected), (again.Read, again.Accepted, again.Rejected));
        Assert.Equal(first.Accepted, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void Another_file_after_a_finished_ingest_is_appended_whole_and_after_an_unfinished_one_refused()
    {
        using var temp = new TempFolder();
        string first = temp.File("day1.csv"), other = temp.File("day2.csv"), sameName = temp.File("again/day1.csv");
        File.WriteAllBytes(first, InputWithBadRows());
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllLines(other, [lines[0], .. lines[1..].Reverse()]);
        Directory.CreateDirectory(Path.GetDirectoryName(sameName)!);
        File.WriteAllLines(sameName, [lines[0], .. lines[1..2500]]); // the same name, other rows: a new day's export
        IngestResult ingested;
        using (var log = Open(temp))
        {
            // Stopped in its second block's appends: not finished, so another file now would be taken for its resume.
            Assert.Throws<IOException>(() => Ingest(temp, new FailingLog(log, 4), [InputFile.FromPath(first)]));
            long[] ends = [.. Enumerable.Range(0, 3).Select(log.EndOffset)];
            var unfinished = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(other)]));
            Assert.Contains("holds events of input #1 'day1.csv'", unfinished.Message, StringComparison.Ordinal);
            Assert.Contains("input #1 here is 'day2.csv', and the ingest that wrote them did not finish", unfinished.Message, StringComparison.Ordinal);
            Assert.EndsWith("or ingest into a new --out", unfinished.Message, StringComparison.Ordinal);
            var hinted = Assert.Throws<InputException>(() => new LogIngest([InputFile.FromPath(other)], InputFormat.Rees46, log, DeadLetters(temp)) { NewLogHint = "publish to a new --topic" }.Run());
            Assert.EndsWith("or publish to a new --topic", hinted.Message, StringComparison.Ordinal); // as a Kafka ingest says
            Assert.Equal(ends, Enumerable.Range(0, 3).Select(log.EndOffset)); // nothing appended

            // Finished now, from another working folder's path (the same file); then again: nothing more.
            ingested = Ingest(temp, log, [InputFile.FromPath(Path.GetRelativePath(Environment.CurrentDirectory, first))]);
            Assert.NotNull(ingested.ResumedAfter);
            Assert.Equal(0, Ingest(temp, log, [InputFile.FromPath(first)]).Appended);

            // Other files after it, alone (the first one may be gone): appended whole, one after the other.
            var day2 = Ingest(temp, log, [InputFile.FromPath(other)]);
            var renewed = Ingest(temp, log, [InputFile.FromPath(sameName)]);
            Assert.True(day2.NewInputs && renewed.NewInputs);
            Assert.Equal((1, 2), (day2.Epoch, renewed.Epoch));
            Assert.Equal((lines.Length - 1L, 2499L), (day2.Appended, renewed.Appended));
            Assert.Equal(0, Ingest(temp, log, [InputFile.FromPath(sameName)]).Appended); // the last one again: a resume at its end
        }

        // The log holds all three in order, and its counters (which process reports) are their sum.
        var reopened = Open(temp);
        using (reopened)
        {
            long accepted = ingested.Accepted + lines.Length - 1 + 2499;
            Assert.Equal(accepted, Enumerable.Range(0, 3).Sum(p => reopened.EndOffset(p)));
            var counters = ShopStream.Core.LogProcessing.LogProcessor.LogCounters(reopened);
            Assert.Equal((accepted, ingested.Rejected), (counters.Accepted, counters.Rejected));
            Assert.Null(LogIngest.Unfinished(reopened));
        }
    }

    [Fact]
    public void A_folder_changed_before_the_file_the_log_ended_in_is_refused_not_skipped_or_appended_twice()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        string Day(string name, Range rows)
        {
            string path = temp.File(name);
            File.WriteAllLines(path, [lines[0], .. lines[1..][rows]]);
            return path;
        }

        string a = Day("a.csv", 0..1000), b = Day("b.csv", 1000..2000), c = Day("c.csv", 2000..3000), d = Day("d.csv", 3000..4000);
        using var log = Open(temp);
        Ingest(temp, log, [InputFile.FromPath(a), InputFile.FromPath(c)]);
        long held = Enumerable.Range(0, 3).Sum(p => log.EndOffset(p));

        // a archived and b arrived late: c is still input #2, but what comes before it is not what the log read.
        var replaced = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(b), InputFile.FromPath(c)]));
        var inserted = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(a), InputFile.FromPath(b), InputFile.FromPath(c)]));
        var moved = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(c), InputFile.FromPath(d)]));
        Assert.Equal(held, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
        var alone = Ingest(temp, log, [InputFile.FromPath(d)]);

        Assert.Contains("the files before 'c.csv' are not the ones it read", replaced.Message, StringComparison.Ordinal);
        Assert.Contains("'c.csv', where it ended, is input #3 here", inserted.Message, StringComparison.Ordinal);
        Assert.Contains("'c.csv', where it ended, is input #1 here", moved.Message, StringComparison.Ordinal);
        Assert.True(alone.NewInputs);
        Assert.Equal(held + 1000, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void A_small_file_that_has_grown_resumes_after_its_rows_rather_than_reading_as_new()
    {
        // Under 64 KiB, the head checksum covered the whole file: grown, it read as other content, and was appended
        // whole again as new inputs.
        using var temp = new TempFolder();
        using var log = Open(temp);
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        string today = temp.File("today.csv");
        File.WriteAllLines(today, lines[..301]);
        Assert.True(new FileInfo(today).Length < 64 * 1024);
        var first = Ingest(temp, log, [InputFile.FromPath(today)]);
        File.AppendAllLines(today, lines[301..601]);

        var grown = Ingest(temp, log, [InputFile.FromPath(today)]);

        Assert.False(grown.NewInputs);
        Assert.NotNull(grown.ResumedAfter);
        Assert.Equal((300L, 300L), (first.Appended, grown.Appended));
        Assert.Equal(600, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void Dead_letters_written_after_the_log_s_last_block_are_cut_and_counted()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);
        var input = InputWithBadRows();
        Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);
        var kept = File.ReadAllBytes(DeadLetters(temp));
        // As an ingest that published nothing leaves them: rejects the log has no block for.
        File.AppendAllText(DeadLetters(temp), "{\"reason\":\"x\"}\n{\"reason\":\"y\"}\n{\"reason\":\"z\"}\n");

        var again = Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.Equal(3, again.DeadLettersCut);
        Assert.Equal(kept, File.ReadAllBytes(DeadLetters(temp)));
        Assert.Equal(0, Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]).DeadLettersCut);
    }

    [Fact]
    public void A_missing_dead_letter_file_starts_afresh_and_is_never_padded()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);
        Ingest(temp, log, [InputFile.FromStream("day1", new MemoryStream(InputWithBadRows()))], sameStream: false);
        File.Move(DeadLetters(temp), temp.File("rotated.jsonl")); // yesterday's rejects, rotated away

        var next = Ingest(temp, log, [InputFile.FromStream("day2", new MemoryStream(InputWithBadRows()))], sameStream: false);

        Assert.True(next.NewInputs);
        var bytes = File.ReadAllBytes(DeadLetters(temp));
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal(next.Rejected, bytes.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public void A_log_whose_ingest_stopped_between_blocks_reads_as_unfinished_and_whole_once_finished()
    {
        using var temp = new TempFolder();
        var input = InputWithBadRows();
        using var log = Open(temp);
        Assert.Throws<IOException>(() => Ingest(temp, new FailingLog(log, 3), [InputFile.FromStream("in", new MemoryStream(input))])); // one block, every partition

        string? stopped = LogIngest.Unfinished(log);
        Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.NotNull(stopped);
        Assert.Contains("the log's last ingest did not finish: it was stopped after line", stopped, StringComparison.Ordinal);
        Assert.Null(LogIngest.Unfinished(log));
    }

    [Fact]
    public void A_log_whose_first_block_reached_only_some_partitions_names_the_ones_without_it()
    {
        // It named partition 0 twice ("partition 0 holds its input up to ..., partition 0 up to ..."), and failed on
        // a null reference when partition 0 was the one without.
        using var temp = new TempFolder();
        var input = InputWithBadRows();
        using var log = Open(temp);
        Assert.Throws<IOException>(() => Ingest(temp, new FailingLog(log, 1), [InputFile.FromStream("in", new MemoryStream(input))]));

        string? stopped = LogIngest.Unfinished(log);

        Assert.NotNull(stopped);
        Assert.StartsWith("the log's last ingest did not finish: partitions 1, 2 hold none of its blocks, which every partition gets", stopped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shorter_file_with_the_same_beginning_is_refused_not_resumed_past_its_end()
    {
        // Its first 64 KiB match, so it passes for the same input; resuming after the log's line would read nothing
        // and report the counts of rows the file no longer holds.
        using var temp = new TempFolder();
        using var log = Open(temp);
        string full = temp.File("day.csv"), cut = temp.File("cut/day.csv");
        File.Copy(RepoPaths.Rees46Sample, full);
        Directory.CreateDirectory(Path.GetDirectoryName(cut)!);
        File.WriteAllLines(cut, File.ReadLines(full).Take(3001));
        Ingest(temp, log, [InputFile.FromPath(full)]);

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(cut)]));

        Assert.Contains("day.csv' ends at line 3001, before line 5001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_stream_follows_a_finished_one_and_resumes_an_unfinished_one_only_when_said_to_be_the_same()
    {
        // A stream cannot be read twice to check it: after an ingest that did not finish, a new day's data piped into
        // the log would be taken for its resume and lose as many rows as that one had (a probe lost 50,000 of 80,000).
        using var temp = new TempFolder();
        using var log = Open(temp);
        var input = InputWithBadRows();
        Assert.Throws<IOException>(() => Ingest(temp, new FailingLog(log, 4), [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: false));

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: false));
        var resumed = Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: true);
        long afterFirst = Enumerable.Range(0, 3).Sum(p => log.EndOffset(p));
        var next = Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: false);

        Assert.Contains("'stdin' is a stream, which cannot be checked to be that one (--same-stream says it is)", error.Message, StringComparison.Ordinal);
        Assert.NotNull(resumed.ResumedAfter);
        Assert.Equal(resumed.Accepted, afterFirst);
        Assert.True(next.NewInputs); // finished: the next stream is new data, appended whole
        Assert.Equal(2 * afterFirst, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void An_input_read_in_another_format_than_the_log_holds_it_in_is_refused()
    {
        // Resumed as jsonl, a rees46 file's rows left were all rejected, and a later ingest in the right format found
        // the log at the file's end: none of them ever reached it. The same file in another format is a mistake, not
        // a new input, even after the ingest finished.
        using var temp = new TempFolder();
        using var log = Open(temp);
        string file = temp.File("day1.csv");
        File.Copy(RepoPaths.Rees46Sample, file);
        var first = Ingest(temp, log, [InputFile.FromPath(file)], format: null); // detected: rees46

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(file)], format: InputFormat.JsonLines));

        Assert.Contains("but it was read as rees46 and would be read as jsonl here: resuming would skip rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Ingest(temp, log, [InputFile.FromPath(file)], format: InputFormat.Rees46).Appended); // the same format, said
        Assert.Equal(first.Accepted, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void A_position_round_trips_its_epoch_start_and_finish_mark_and_one_of_version_3_has_neither()
    {
        var start = new IngestPosition(default, 11, 22, [1, 0, 2], 33);
        var position = new IngestPosition(new ResumePoint(0, 77), 40, 50, [3, 1, 4], 60, new InputIdentity("day2.csv", 7, InputFormat.Rees46))
        {
            Epoch = 2,
            EpochStart = start,
            FinishedIn = [0, 2],
        };

        var read = IngestPosition.FromBytes(position.ToBytes());
        var v3 = IngestPosition.FromBytes([3, .. (position with { Epoch = 0, EpochStart = null, FinishedIn = null }).ToBytes()[1..^5]]);

        Assert.Equal(2, read.Epoch);
        Assert.Equal([0, 2], read.FinishedIn!);
        Assert.Equal((11L, 22L, 33L), (read.EpochStart!.DeadLetterBytes, read.EpochStart.Accepted, read.EpochStart.StreamMaxTicks));
        Assert.Equal([1L, 0L, 2L], read.EpochStart.RejectedByReason[..3]);
        Assert.Equal((position.End, position.Input), (read.End, read.Input));
        Assert.Equal((0, null, null), (v3.Epoch, v3.EpochStart, v3.FinishedIn));
        Assert.Equal(position.Input, v3.Input);
        Assert.True(read.CompareTo(v3) > 0, "a later epoch comes after any place of an earlier one");
        Assert.Throws<LogFormatException>(() => IngestPosition.FromBytes(position.ToBytes()[..^3]));
    }

    [Fact]
    public void A_position_of_version_2_has_no_input_format_and_is_still_read()
    {
        var named = new IngestPosition(new ResumePoint(2, 77), 10, 20, [1, 2, 3], 30, new InputIdentity("day1.csv", 0xDEADBEEF, InputFormat.Orders));
        var bytes = named.ToBytes();
        Assert.Equal(InputFormat.Orders, IngestPosition.FromBytes(bytes).Input!.Format);

        bytes = bytes[..^1]; // version 2 ended at the name
        bytes[0] = 2;

        Assert.Equal(named.Input! with { Format = null }, IngestPosition.FromBytes(bytes).Input);
    }

    [Fact]
    public void A_position_written_before_positions_named_their_input_is_still_read()
    {
        var position = new IngestPosition(new ResumePoint(2, 77), 10, 20, [1, 2, 3], 30);
        var named = position with { Input = new InputIdentity("day1.csv", 0xDEADBEEF) };

        var old = IngestPosition.FromBytes(position.ToBytes());
        var read = IngestPosition.FromBytes(named.ToBytes());

        Assert.Equal(1, position.ToBytes()[0]); // the first format, unchanged for positions without an input
        Assert.Null(old.Input);
        Assert.Equal((new ResumePoint(2, 77), 10L, 20L, 30L), (old.End, old.DeadLetterBytes, old.Accepted, old.StreamMaxTicks));
        Assert.Equal(named.Input, read.Input);
        Assert.Equal(named.End, read.End);
        Assert.Throws<LogFormatException>(() => IngestPosition.FromBytes(named.ToBytes()[..^3]));
    }

    // Streams here are the same input each time: the caller says so, as --same-stream does.
    private static IngestResult Ingest(TempFolder temp, IEventLog log, IReadOnlyList<InputFile> inputs, bool sameStream = true, InputFormat? format = InputFormat.Rees46) =>
        new LogIngest(inputs, format, log, DeadLetters(temp), parseThreads: 2, batchSize: 97) { SameStream = sameStream }.Run();

    private static FileEventLog Open(TempFolder temp) => new FileEventLogBuilder(Path.Combine(temp.Path, "log")).WithOptions(s_options).Build();

    private static string DeadLetters(TempFolder temp) => Path.Combine(temp.Path, "rejected", "ingest.jsonl");

    // The sample with a bad row every 250 lines, so dead letters are part of what must come out exactly once.
    private static byte[] InputWithBadRows()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]).Append('\n');
            if (i > 0 && i % 250 == 0)
                text.Append("not,a,valid,row\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<(ShopEvent Event, long StreamMax)> ReadAll(IEventLog log, int partition)
    {
        var list = new List<(ShopEvent, long)>();
        var reader = log.OpenReader(partition, 0);
        var batch = new LogReadBatch();
        while (reader.Read(batch) > 0)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                LoggedEvent.Read(batch[i].Payload, out var e, out long max);
                list.Add((e, max));
            }
        }

        return list;
    }

    // Every partition's records (payloads in offset order) as one byte string per partition.
    private static string[] LogBytes(TempFolder temp)
    {
        using var log = Open(temp);
        return [.. Enumerable.Range(0, 3).Select(p =>
        {
            var all = new StringBuilder();
            var reader = log.OpenReader(p, 0);
            var batch = new LogReadBatch();
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                    all.Append(Convert.ToHexString(batch[i].Payload)).Append('|');
            }

            return all.ToString();
        })];
    }
}
