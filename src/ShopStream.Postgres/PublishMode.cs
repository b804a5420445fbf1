namespace ShopStream.Postgres;

/// <summary>What a publication does with the rows already in the store.</summary>
public enum PublishMode
{
    /// <summary>
    /// Upsert by <see cref="PublicationVersion"/>: rows a newer publication wrote stay, and rows this run lacks are
    /// kept (so several processes, each with part of the users, can publish into one store).
    /// </summary>
    Merge,

    /// <summary>The store holds exactly this run afterwards: rows it lacks are deleted and every other row is its, whatever version wrote it before.</summary>
    Replace,
}
