namespace ShopStream.Core.Checkpoints;

/// <summary>
/// Where one component's state lies in a checkpoint file: it is restored from there, read as it is restored, never
/// held whole in memory (a partition's state passes 2 GB in a long run). A checkpoint file is never changed once it
/// has its name, so the place stays good between reading the checkpoint and restoring from it.
/// </summary>
internal readonly record struct StateExtent(string Path, long Offset, long Length)
{
    /// <summary>What a state's reads are buffered by: a restore reads a few bytes at a time.</summary>
    internal const int BufferSize = 1 << 16;

    /// <summary>The state <paramref name="r"/>, reading the checkpoint file at <paramref name="path"/>, is at: passed over, not read.</summary>
    public static StateExtent Skip(StateReader r, string path)
    {
        var (offset, length) = r.SkipState();
        return new StateExtent(path, offset, length);
    }

    /// <summary>Restores from the state, which must be read exactly to its end; damage is a <see cref="CheckpointException"/>.</summary>
    public void Load(Action<StateReader> restore)
    {
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        using var state = new BufferedStream(new FileRegionStream(file, Offset, Length), BufferSize);
        var r = new StateReader(state);
        try
        {
            restore(r);
            r.ExpectEnd();
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException($"the state at byte {Offset} of {Path} is damaged (it ends early)");
        }
        catch (CheckpointException ex)
        {
            throw new CheckpointException($"the state at byte {Offset} of {Path} is damaged: {ex.Message}");
        }
    }
}
