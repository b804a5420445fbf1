using System.Text;
using System.Text.Json;
using ShopStream.Core.Output;
using ShopStream.Core.Validation;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>
/// The dead-letter file of a partition that moves between instances (<c>rejected/late-pN.jsonl</c>): the instance
/// that lost it must not write into the file its next owner has cut back to its checkpoint and goes on writing.
/// </summary>
public sealed class DeadLetterWriterTests
{
    [Fact]
    public void An_abandoned_writer_leaves_the_next_owners_file_as_that_owner_wrote_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("late-p0.jsonl");

        // The first owner checkpoints after one record, writes two more out, then holds a fourth.
        var lost = DeadLetterWriter.OpenResumed(path, 0);
        Reject(lost, 1);
        long checkpointed = lost.FlushToDisk();
        Reject(lost, 2);
        Reject(lost, 3);
        lost.Flush();
        Reject(lost, 4);

        // The next owner restores that checkpoint: the file is cut back, and it writes the record after it again.
        using (var next = DeadLetterWriter.OpenResumed(path, checkpointed))
            Reject(next, 2);

        // The first owner learns that it lost the partition. Writing its fourth record out at its own position would
        // leave NUL bytes between the next owner's end and that position.
        lost.Abandon();

        byte[] file = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, file);
        Assert.Equal([1L, 2L], Lines(file));
    }

    [Fact]
    public void Records_are_written_out_in_whole_lines_by_flush_and_dispose_but_not_by_abandon()
    {
        using var temp = new TempFolder();
        string kept = temp.File("kept.jsonl"), dropped = temp.File("dropped.jsonl");

        using (var writer = DeadLetterWriter.Create(kept))
        {
            Reject(writer, 1);
            Assert.Empty(File.ReadAllBytes(kept)); // gathered, not yet written
            writer.Flush();
            Assert.Equal([1L], Lines(File.ReadAllBytes(kept)));
            Reject(writer, 2);
        }

        Assert.Equal([1L, 2L], Lines(File.ReadAllBytes(kept)));

        var abandoned = DeadLetterWriter.Create(dropped);
        Reject(abandoned, 1);
        abandoned.Abandon();
        abandoned.Dispose(); // after Abandon: nothing more, and no error
        Assert.Empty(File.ReadAllBytes(dropped));
    }

    [Fact]
    public void A_writer_that_opened_its_file_closes_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("rejected.jsonl");

        var writer = DeadLetterWriter.Create(path);
        Reject(writer, 1);
        writer.Dispose();
        writer.Dispose(); // a run disposes its writer when it ends and again when the job is disposed

        // Exclusive access fails while any handle to the file is open (the writer's took a shared lock).
        long written = new FileInfo(path).Length;
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Assert.True(written > 0);
        Assert.Equal(written, exclusive.Length);
    }

    [Fact]
    public void Many_records_are_written_out_as_they_come_and_end_whole()
    {
        using var temp = new TempFolder();
        string path = temp.File("rejected.jsonl");
        var raw = new string('x', 1000);

        using (var writer = DeadLetterWriter.Create(path))
        {
            for (int i = 1; i <= 200; i++)
                writer.Reject("input.csv", i, RejectReason.FieldCount, Encoding.UTF8.GetBytes(raw), raw.Length);
            Assert.NotEmpty(File.ReadAllBytes(path)); // over 64 KB gathered: written out before the end
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), Lines(File.ReadAllBytes(path)));
    }

    private static void Reject(DeadLetterWriter writer, long line) =>
        writer.Reject("log partition 0", line, RejectReason.Late, "{}"u8, 2);

    // Each line's "line" field, in file order; every line must be a whole JSON object.
    private static List<long> Lines(byte[] file) =>
        [.. Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetInt64())];
}
