using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

public sealed class FolderPathsTests
{
    [Fact]
    public void A_link_to_a_folder_is_that_folder_through_links_in_its_target_and_a_part_not_made_yet()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("real/inner"));
        Directory.CreateSymbolicLink(temp.File("alias"), "real");
        Directory.CreateSymbolicLink(temp.File("deep"), Path.Combine(temp.File("alias"), "inner")); // its target passes through a link

        Assert.True(FolderPaths.IsWithin(temp.File("alias/not-made/yet"), temp.File("real")));
        Assert.True(FolderPaths.IsWithin(temp.File("deep"), temp.File("real/inner")));
        Assert.True(FolderPaths.IsWithin(temp.File("real/inner"), temp.File("deep")));
        Assert.Equal(Path.Combine(FolderPaths.Resolved(temp.Path), "real", "inner", "x"), FolderPaths.Resolved(temp.File("deep/x")));
        Assert.False(FolderPaths.IsWithin(temp.File("real"), temp.File("deep")));
        Assert.False(FolderPaths.IsWithin(temp.File("real-2"), temp.File("real"))); // a name that begins like it

        // ".." after a link is the parent of its target, as the system has it (by the text alone, temp itself).
        Directory.CreateDirectory(temp.File("elsewhere/place"));
        Directory.CreateSymbolicLink(temp.File("real/to-place"), Path.Combine(temp.File("elsewhere"), "place"));
        Assert.Equal(FolderPaths.Resolved(temp.File("elsewhere")), FolderPaths.Resolved(temp.File("real/to-place/..")));
    }

    [Fact]
    public void A_loop_of_links_ends_as_written()
    {
        using var temp = new TempFolder();
        Directory.CreateSymbolicLink(temp.File("a"), "b");
        Directory.CreateSymbolicLink(temp.File("b"), "a");

        Assert.False(FolderPaths.IsWithin(temp.File("a/x"), temp.File("c")));
        Assert.EndsWith(Path.Combine("x", "y"), FolderPaths.Resolved(temp.File("a/x/y")), StringComparison.Ordinal); // the rest kept
    }
}
