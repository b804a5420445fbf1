using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// One component's state on its way into a checkpoint, held in a temporary file beside the checkpoints instead of
/// in memory: a partition's state is tens to hundreds of megabytes, and a memory buffer grown for it (doubling, so
/// up to twice that again in large-object garbage, collected late) was the largest spike in a spilling run's peak
/// memory. The checkpoint needs the state's length before its bytes, so the state is written here first, then
/// copied in. The file is deleted when this is disposed (and a crash's leftover, named as a temporary file, by
/// <see cref="DurableFile.DeleteLeftovers"/>).
/// </summary>
internal sealed class SpooledState : IDisposable
{
    private readonly FileStream _file;

    private SpooledState(FileStream file) => _file = file;

    /// <summary>Bytes of state.</summary>
    public long Length => _file.Length;

    /// <summary>The state <paramref name="save"/> writes, in a new temporary file in <paramref name="folder"/>.</summary>
    public static SpooledState Of(string folder, Action<StateWriter> save)
    {
        Directory.CreateDirectory(folder);
        string path = DurableFile.TempIn(folder, "state");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            var w = new StateWriter(file);
            save(w);
            w.Flush();
            return new SpooledState(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes the state into a checkpoint (<see cref="StateWriter.WriteState"/>), copied from the file.</summary>
    public void WriteTo(StateWriter w)
    {
        _file.Position = 0;
        w.WriteState(_file);
    }

    public void Dispose() => _file.Dispose();
}
