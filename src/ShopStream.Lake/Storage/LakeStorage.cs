namespace ShopStream.Lake.Storage;

/// <summary>Opens a lake root: <c>s3://bucket/prefix</c> for S3, anything else as a local folder.</summary>
public static class LakeStorage
{
    public static bool IsS3(string root) => root.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">The root is empty or a malformed S3 address.</exception>
    public static ILakeStorage Open(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
            throw new ArgumentException("the lake root is empty", nameof(root));
        if (IsS3(root))
            throw new ArgumentException($"S3 lake roots are not supported by this build: {root}", nameof(root));
        return new LocalLakeStorage(root);
    }
}
