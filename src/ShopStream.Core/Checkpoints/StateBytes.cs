namespace ShopStream.Core.Checkpoints;

/// <summary>One component's state as a byte array inside a checkpoint, and back.</summary>
internal static class StateBytes
{
    /// <summary>The state <paramref name="save"/> writes, in the buffer it was written to (not copied again: states can be large).</summary>
    public static ArraySegment<byte> Of(Action<StateWriter> save)
    {
        var buffer = new MemoryStream();
        var w = new StateWriter(buffer);
        save(w);
        w.Flush();
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Restores from <paramref name="state"/>, which must be read exactly to its end; damage is a <see cref="CheckpointException"/>.</summary>
    public static void Load(ArraySegment<byte> state, Action<StateReader> restore)
    {
        using var buffer = new MemoryStream(state.Array!, state.Offset, state.Count, writable: false);
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
