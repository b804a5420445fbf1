namespace ShopStream.Lake.Delta;

/// <summary>Another writer committed the same table version first; nothing of this commit is visible (its files are orphans for vacuum).</summary>
public sealed class DeltaConflictException : Exception
{
    public DeltaConflictException(string message)
        : base(message)
    {
    }

    public DeltaConflictException()
    {
    }

    public DeltaConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
