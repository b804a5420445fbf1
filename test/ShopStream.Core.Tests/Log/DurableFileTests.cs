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
}
