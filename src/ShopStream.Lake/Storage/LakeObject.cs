namespace ShopStream.Lake.Storage;

/// <summary>One stored object: its key, size in bytes and last modification time (UTC).</summary>
public sealed record LakeObject(string Key, long Size, DateTime LastModified);
