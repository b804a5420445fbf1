namespace ShopStream.Kafka.Lag;

/// <summary>
/// One partition of a group's lag: the group's committed offset (null if it never committed there), the
/// partition's start and end offsets, and <see cref="Lag"/>, the records the group has still to read.
/// </summary>
public readonly record struct PartitionLag(int Partition, long? Committed, long Start, long End)
{
    /// <summary>End minus the committed offset; without a commit, every record still kept.</summary>
    public long Lag => Math.Max(0, End - Math.Max(Committed ?? Start, Start));
}
