namespace ShopStream.Lake.Storage;

/// <summary>
/// A lake in a local folder. Put-if-absent writes a temporary file and moves it into place without overwriting
/// (<see cref="File.Move(string, string, bool)"/> with <c>overwrite: false</c>, a hard link on Linux, which fails
/// when the target exists), so two writers racing for the same log version cannot both win, and a reader never
/// sees half a commit.
/// </summary>
public sealed class LocalLakeStorage : ILakeStorage
{
    private readonly string _folder;

    public LocalLakeStorage(string folder)
    {
        _folder = Path.GetFullPath(folder);
        Root = _folder;
    }

    public string Root { get; }

    public string? LocalPath(string key) => FullPath(key);

    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string target = FullPath(key);
        if (File.Exists(target))
            return false;
        string folder = Path.GetDirectoryName(target)!;
        var made = NewFolders.Make(folder);
        string temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: false);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }

        // The new name on disk too (the content was fsynced above), and so the names of folders made for it (a new
        // table's _delta_log, the table, its layer): a commit that returned must survive a power cut. Outside the
        // try: a failure here is an error, not another writer's version.
        Core.Log.Embedded.DirectorySync.Flush(folder);
        NewFolders.FlushParents(made);
        return true;
    }

    public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default)
    {
        string target = FullPath(key);
        if (!string.Equals(Path.GetFullPath(localFile), target, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(localFile, target, overwrite: true);
        }

        return Task.CompletedTask;
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = FullPath(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        // List the deepest folder the prefix names, then filter by the whole prefix.
        int slash = prefix.LastIndexOf('/');
        string folder = slash < 0 ? _folder : FullPath(prefix[..slash]);
        var objects = new List<LakeObject>();
        if (Directory.Exists(folder))
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                string key = Path.GetRelativePath(_folder, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                    objects.Add(new LakeObject(key, file.Length, file.LastWriteTimeUtc));
            }
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<LakeObject>>(objects);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(FullPath(key));
        return Task.CompletedTask;
    }

    public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) => Task.FromResult(FullPath(key));

    private string FullPath(string key)
    {
        if (key.Length == 0 || key.StartsWith('/') || key.Split('/').Any(part => part is ".." or "."))
            throw new ArgumentException($"not a lake key: '{key}'", nameof(key));
        return Path.Combine(_folder, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
