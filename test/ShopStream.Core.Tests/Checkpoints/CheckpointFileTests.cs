using System.Buffers.Binary;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Validation;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Checkpoints;

public sealed class CheckpointFileTests
{
    // Longs 0, 1, 2, ... as a partition state: 16 MB, many times the decoder's buffers.
    private const int StateLongs = 2_000_000;

    [Fact]
    public void A_state_goes_into_a_checkpoint_after_its_length_in_eight_bytes_and_is_passed_over_when_read()
    {
        var output = new MemoryStream();
        var w = new StateWriter(output);
        w.Write(7);
        w.WriteState(new MemoryStream(new byte[300]));
        w.Write(9);
        w.Flush();

        Assert.Equal(4 + 8 + 300 + 4, output.Length);
        Assert.Equal(300, BinaryPrimitives.ReadInt64LittleEndian(output.GetBuffer().AsSpan(4)));
        output.Position = 0;
        var r = new StateReader(output);
        Assert.Equal(7, r.ReadInt());
        Assert.Equal((12L, 300L), r.SkipState());
        Assert.Equal(9, r.ReadInt());
        r.ExpectEnd();
    }

    [Fact]
    public void A_state_longer_than_two_gigabytes_is_read_as_such()
    {
        // A sparse file: its 3 GB of zeros take no disk, and are never read.
        using var temp = new TempFolder();
        const long huge = 3_000_000_000;
        using var file = new FileStream(temp.File("huge"), FileMode.CreateNew, FileAccess.ReadWrite);
        var w = new StateWriter(file);
        w.Write(huge);
        w.Flush();
        file.SetLength(8 + huge);
        file.Position = 0;

        var r = new StateReader(file);

        Assert.Equal((8L, huge), r.SkipState());
        r.ExpectEnd();
    }

    [Fact]
    public void A_state_longer_than_what_is_left_of_the_checkpoint_is_damage()
    {
        var output = new MemoryStream();
        var w = new StateWriter(output);
        w.WriteState(new MemoryStream(new byte[300]));
        w.Flush();
        output.SetLength(output.Length - 1);
        output.Position = 0;

        var error = Assert.Throws<CheckpointException>(() => new StateReader(output).SkipState());

        Assert.Contains("a state of 300 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_is_decoded_and_restored_from_its_file_without_its_bytes_in_memory()
    {
        using var temp = new TempFolder();
        string path = WritePartitionCheckpoint(temp);
        long fileLength = new FileInfo(path).Length;
        Assert.True(fileLength > StateLongs * 8L);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var checkpoint = PartitionCheckpoint.Decode(path);
        long sum = 0;
        checkpoint.State.Load(r =>
        {
            for (int i = 0; i < StateLongs; i++)
                sum += r.ReadLong();
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((long)StateLongs * (StateLongs - 1) / 2, sum);
        Assert.Equal(StateLongs * 8L, checkpoint.State.Length);
        Assert.True(allocated < fileLength / 4, $"decoding and restoring a {fileLength}-byte checkpoint allocated {allocated} bytes");
    }

    [Fact]
    public void A_restore_that_reads_past_its_state_finds_damage_not_the_bytes_after_it()
    {
        using var temp = new TempFolder();
        var checkpoint = PartitionCheckpoint.Decode(WritePartitionCheckpoint(temp));

        // The checksum's 4 bytes follow the state in the file: only the state's bounds stop this read.
        var error = Assert.Throws<CheckpointException>(() => checkpoint.State.Load(r =>
        {
            for (int i = 0; i < StateLongs; i++)
                r.ReadLong();
            r.ReadInt();
        }));

        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restore_that_stops_short_of_its_state_finds_damage()
    {
        using var temp = new TempFolder();
        var checkpoint = PartitionCheckpoint.Decode(WritePartitionCheckpoint(temp));

        var error = Assert.Throws<CheckpointException>(() => checkpoint.State.Load(r => r.ReadLong()));

        Assert.Contains("bytes left over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damage_far_into_a_large_checkpoint_fails_its_checksum()
    {
        using var temp = new TempFolder();
        string path = WritePartitionCheckpoint(temp);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = (3L * CheckpointFile.ChecksumChunk) + 5; // in the state, chunks past the first
            int b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0x10));
        }

        var error = Assert.Throws<CheckpointException>(() => PartitionCheckpoint.Decode(path));

        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_of_a_file_reads_only_its_own_bytes()
    {
        using var temp = new TempFolder();
        string path = temp.File("bytes");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 100).Select(b => (byte)b)]);
        using var handle = File.OpenHandle(path);
        using var region = new FileRegionStream(handle, 10, 20);

        var buffer = new byte[50];
        int read = region.Read(buffer);
        region.Position = 15;
        int afterSeek = region.ReadByte();

        Assert.Equal(20, read);
        Assert.Equal(Enumerable.Range(10, 20).Select(b => (byte)b), buffer[..20]);
        Assert.Equal(25, afterSeek);
        region.Position = 20;
        Assert.Equal(0, region.Read(buffer));
        Assert.Equal(-1, region.ReadByte());
    }

    // Records refused by reason (Json 3, TooLarge 1): a Kafka group processor's dead letters, kept with its state.
    private static readonly long[] s_refused = [.. Enumerable.Range(0, RejectReasons.ArrayLength).Select(i => i == (int)RejectReason.Json ? 3L : i == (int)RejectReason.TooLarge ? 1L : 0L)];

    [Fact]
    public void A_partition_checkpoint_keeps_its_refused_records_by_reason()
    {
        using var temp = new TempFolder();
        var checkpoint = PartitionCheckpoint.Decode(WritePartitionCheckpoint(temp));
        Assert.Equal(s_refused, checkpoint.RefusedByReason);
        Assert.Equal(42, checkpoint.Offset);
    }

    // A log partition's checkpoint, written as a partition writes it; returns its path.
    private static string WritePartitionCheckpoint(TempFolder temp)
    {
        var store = new CheckpointStore(temp.File("checkpoint"));
        using var state = SpooledState.Of(temp.Path, w =>
        {
            for (long i = 0; i < StateLongs; i++)
                w.Write(i);
        });
        store.Save(1, new PartitionCheckpoint
        {
            Sequence = 1,
            RunKey = "key",
            Partition = 0,
            Offset = 42,
            LateDropped = 0,
            DeadLetterBytes = 0,
            RefusedByReason = s_refused,
            SpooledState = state,
        }.Encode);
        return Assert.Single(store.Files());
    }
}
