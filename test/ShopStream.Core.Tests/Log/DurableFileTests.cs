using ShopStream.Core.Log.Embedded;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Log;

/// <summary>A failed atomic replacement leaves the old file as it was and no temporary file behind.</summary>
public sealed class DurableFileTests
{
    [Fact]
    public void A_stream_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file()
    {
        using var temp = new TempFolder();
        string path = temp.File("000000000001.ckpt");
        DurableFile.Write(path, "old"u8, sync: true);

        var error = Assert.Throws<IOException>(() => DurableFile.Write(path, stream =>
        {
            stream.Write(new byte[1 << 21]); // past the file's buffer: on disk in the temporary file
            throw new IOException("No space left on device");
        }, sync: true));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal("old"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_write_whose_rename_fails_leaves_no_temporary_file()
    {
        using var temp = new TempFolder();
        string path = temp.File("taken");
        Directory.CreateDirectory(path); // a file cannot be renamed over a folder

        Assert.ThrowsAny<IOException>(() => DurableFile.Write(path, "new"u8, sync: true));
        Assert.ThrowsAny<IOException>(() => DurableFile.Write(path, s => s.Write("new"u8), sync: true));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Leftovers_of_a_process_that_is_gone_go_at_once_and_a_live_ones_stay_until_old()
    {
        using var temp = new TempFolder();
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        string mine = DurableFile.TempIn(temp.Path, "state");
        string host = mine[(mine.LastIndexOf('-') + 1)..^".tmp".Length];
        string dead = temp.File($"000000000007.ckpt.{ended.Id}-0123456789abcdef-{host}.tmp");
        string elsewhere = temp.File($"000000000007.ckpt.{ended.Id}-0123456789abcdef-othermachine.tmp"); // its id means nothing here
        string unnamed = temp.File("scratch.tmp"); // no writer in its name: the age alone decides
        foreach (var file in new[] { dead, mine, elsewhere, unnamed })
            File.WriteAllText(file, "partial");

        DurableFile.DeleteLeftovers(temp.Path, TimeSpan.FromMinutes(10));

        Assert.False(File.Exists(dead), "the writer has exited: nothing will finish or delete it");
        Assert.True(File.Exists(mine));
        Assert.True(File.Exists(elsewhere));
        Assert.True(File.Exists(unnamed));
    }
}
