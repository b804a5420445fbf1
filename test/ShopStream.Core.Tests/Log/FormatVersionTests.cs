using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

/// <summary>Every file of the log starts with a magic and a format version: another version is refused with a clear error, never misread.</summary>
public sealed class FormatVersionTests
{
    [Fact]
    public void A_segment_of_an_unknown_format_version_is_refused()
    {
        using var log = new TestLog();
        log.Append(3);
        log.Close();
        PatchVersion(log.LastSegment(), 2);

        var ex = Assert.Throws<LogFormatException>(() => log.Open());
        Assert.Contains("format version 2", ex.Message);
        Assert.Contains("reads version 1", ex.Message);
    }

    [Fact]
    public void A_sealed_segment_of_an_unknown_format_version_is_refused()
    {
        using var log = new TestLog();
        while (log.Segments().Length < 3)
            log.Append(10);
        log.Close();
        PatchVersion(log.Segments()[1], 7);

        var ex = Assert.Throws<LogFormatException>(() => log.Open());
        Assert.Contains("format version 7", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_segment_is_refused()
    {
        using var log = new TestLog();
        log.Append(3);
        log.Close();
        File.WriteAllText(log.LastSegment(), "event_time,event_type,product_id\n2019-10-01 00:00:00 UTC,view,1\n");

        var ex = Assert.Throws<LogFormatException>(() => log.Open());
        Assert.Contains("not a ShopStream log segment", ex.Message);
    }

    [Fact]
    public void Log_metadata_of_an_unknown_format_version_is_refused()
    {
        using var log = new TestLog();
        log.Close();
        PatchVersion(Path.Combine(log.Folder, "meta"), 3);

        var ex = Assert.Throws<LogFormatException>(() => log.Open());
        Assert.Contains("format version 3", ex.Message);
    }

    [Fact]
    public void Each_new_log_has_an_id_of_its_own_and_a_log_from_before_ids_still_opens()
    {
        using var first = new TestLog();
        using var second = new TestLog();
        Assert.StartsWith("embedded log ", first.Log.Identity, StringComparison.Ordinal);
        Assert.NotEqual(first.Log.Identity, second.Log.Identity);
        string identity = first.Log.Identity;
        Assert.Equal(identity, first.Reopen().Identity);

        // Version 1: "SSLOGMTA", u16 1, u16 0, i32 partitions, u32 CRC-32C of the 16 bytes before it.
        first.Close();
        var v1 = new byte[20];
        "SSLOGMTA"u8.CopyTo(v1);
        BitConverter.TryWriteBytes(v1.AsSpan(8), (ushort)1);
        BitConverter.TryWriteBytes(v1.AsSpan(12), 1);
        BitConverter.TryWriteBytes(v1.AsSpan(16), Crc32C.Compute(v1.AsSpan(0, 16)));
        File.WriteAllBytes(Path.Combine(first.Folder, "meta"), v1);

        Assert.Equal("embedded log (no id: written by an older version)", first.Reopen().Identity);
    }

    [Fact]
    public void Consumer_offsets_of_an_unknown_format_version_are_refused()
    {
        using var log = new TestLog();
        log.Append(3);
        log.Log.Commit("processor", 0, 3);
        log.Close();
        PatchVersion(Path.Combine(log.Folder, "groups", "processor.offsets"), 9);
        log.Reopen();

        var ex = Assert.Throws<LogFormatException>(() => log.Log.Committed("processor", 0));
        Assert.Contains("format version 9", ex.Message);
        // Not taken for a damaged file, which a commit writes again: a newer build's offsets stay as they are.
        var commit = Assert.Throws<LogFormatException>(() => log.Log.Commit("processor", 0, 2));
        Assert.True(commit.OtherVersion);
        Assert.Throws<LogFormatException>(() => log.Log.Committed("processor", 0));
    }

    [Fact]
    public void Damaged_consumer_offsets_are_written_again_by_the_next_commit()
    {
        using var log = new TestLog(TestLog.Small with { Partitions = 2 });
        log.Append(3);
        log.Log.Commit("processor", 0, 3);
        log.Log.Commit("processor", 1, 0);
        log.Close();
        File.WriteAllText(Path.Combine(log.Folder, "groups", "processor.offsets"), "XXXX");
        log.Reopen();

        Assert.Throws<LogFormatException>(() => log.Log.Committed("processor", 0));
        log.Log.Commit("processor", 0, 2);

        Assert.Equal(2, log.Log.Committed("processor", 0));
        Assert.Null(log.Log.Committed("processor", 1)); // unknown until it commits again
    }

    [Fact]
    public void An_index_of_another_version_is_rebuilt_since_it_holds_nothing_the_segment_does_not()
    {
        using var log = new TestLog();
        while (log.Segments().Length < 3)
            log.Append(10);
        long end = log.Log.EndOffset(0);
        log.Close();
        string index = Path.ChangeExtension(log.Segments()[0], ".index");
        PatchVersion(index, 5);

        log.Reopen();

        Assert.Equal(end, log.ReadAndCheck(0));
        Assert.Equal(1, BitConverter.ToUInt16(File.ReadAllBytes(index), 8));
    }

    // Every file puts its u16 version right after an 8-byte magic.
    private static void PatchVersion(string path, ushort version)
    {
        var bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), version);
        File.WriteAllBytes(path, bytes);
    }
}
