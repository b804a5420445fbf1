namespace ShopStream.Core.Serving;

/// <summary>A live query for a user whose partition another processor instance owns: ask that instance.</summary>
public sealed class PartitionNotOwnedException : Exception
{
    public PartitionNotOwnedException()
    {
    }

    public PartitionNotOwnedException(string message) : base(message)
    {
    }

    public PartitionNotOwnedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public PartitionNotOwnedException(long userId, int partition, int partitions)
        : base($"user {userId} is in partition {partition} of {partitions}, which this processor instance does not own: another instance of the group serves it")
    {
        UserId = userId;
        Partition = partition;
    }

    public long UserId { get; }

    /// <summary>The partition that holds the user.</summary>
    public int Partition { get; }
}
