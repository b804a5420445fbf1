namespace ShopStream.Core.LogProcessing;

/// <summary>
/// A partition's checkpoint folder has a later owner than this host (<see cref="PartitionClaim"/>): another instance
/// took the partition over, so this one must drop its state unwritten.
/// </summary>
public sealed class PartitionTakenOverException(int partition, string folder)
    : Exception($"partition {partition} was taken over by another instance ({folder} has a later owner's claim): its state here is dropped, not checkpointed")
{
    public int Partition { get; } = partition;
}
