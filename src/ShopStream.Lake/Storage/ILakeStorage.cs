namespace ShopStream.Lake.Storage;

/// <summary>
/// Where a lake's files live: a local folder or an S3 prefix. Keys are relative paths with <c>/</c> separators
/// (<c>silver/events/_delta_log/00000000000000000000.json</c>). Every write of a whole object is atomic: a reader
/// sees the old object, or none, or the new one whole.
/// </summary>
public interface ILakeStorage
{
    /// <summary>The lake root as the user gave it (a folder, or <c>s3://bucket/prefix</c>).</summary>
    string Root { get; }

    /// <summary>The local path of <paramref name="key"/> when the storage is a local folder (DuckDB reads and writes there directly); null otherwise.</summary>
    string? LocalPath(string key);

    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/> only if no object has that key; false if one has.</summary>
    Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Stores the local file <paramref name="localFile"/> under <paramref name="key"/> (no-op when it is already there, on local storage).</summary>
    Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A local file DuckDB can read for <paramref name="key"/>: the file itself on local storage, else a copy downloaded
    /// into <paramref name="cacheFolder"/>. When the object is gone (vacuumed), a path where no file exists, on either.
    /// </summary>
    Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default);
}
