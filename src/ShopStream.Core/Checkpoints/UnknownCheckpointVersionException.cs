namespace ShopStream.Core.Checkpoints;

/// <summary>A checkpoint written in a format version this build does not read: refused, never misread.</summary>
public sealed class UnknownCheckpointVersionException(string path, int version, int supported)
    : Exception($"{path} was written in checkpoint format version {version}; this shopstream reads version {supported} only (run with --from-scratch to discard it)")
{
    public int Version { get; } = version;
}
