namespace ShopStream.Lake.Tables;

/// <summary>Which version of each table to read: the latest, a version per table (time travel), or the state as of a time.</summary>
public sealed record LakeReadOptions
{
    /// <summary>Versions by view name (<c>silver_events</c>) or path (<c>silver/events</c>); tables not named read their latest.</summary>
    public IReadOnlyDictionary<string, long> Versions { get; init; } = new Dictionary<string, long>();

    /// <summary>When set, each table as its latest commit at or before this UTC time shows it (tables created later are empty).</summary>
    public DateTime? AsOf { get; init; }
}
