namespace ShopStream.Core.Checkpoints;

/// <summary>One component's state as a byte array inside a checkpoint, and back.</summary>
internal static class StateBytes
{
    public static byte[] Of(Action<StateWriter> save)
    {
        using var buffer = new MemoryStream();
        var w = new StateWriter(buffer);
        save(w);
        w.Flush();
        return buffer.ToArray();
    }

    /// <summary>Restores from <paramref name="state"/>, which must be read exactly to its end; damage is a <see cref="CheckpointException"/>.</summary>
    public static void Load(byte[] state, Action<StateReader> restore)
    {
        using var buffer = new MemoryStream(state, writable: false);
        var r = new StateReader(buffer);
        try
        {
            restore(r);
            r.ExpectEnd();
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException("the checkpoint's state is damaged (it ends early)");
        }
        catch (CheckpointException ex)
        {
            throw new CheckpointException($"the checkpoint's state is damaged: {ex.Message}");
        }
    }
}
