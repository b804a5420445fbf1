namespace ShopStream.Core.Checkpoints;

/// <summary>A checkpoint that cannot be used: damaged, from another format version, or from a different run.</summary>
public sealed class CheckpointException(string message) : Exception(message);
