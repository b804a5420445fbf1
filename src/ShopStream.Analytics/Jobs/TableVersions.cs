using ShopStream.Lake.Delta;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The version of each table a jobs run shows as a view (-1 for none), and the table's identity (Delta's
/// <c>metaData.id</c>): a table deleted and made again starts its versions at 0, so a version says something only
/// beside the identity it counts in.
/// </summary>
internal sealed class TableVersions
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public long this[string view] => _versions.GetValueOrDefault(view, -1);

    /// <summary>The table's identity, or null when it has no commit.</summary>
    public string? Id(string view) => _ids.GetValueOrDefault(view);

    public void Set(string view, DeltaSnapshot? snapshot) => Set(view, snapshot?.Version ?? -1, snapshot?.Metadata.Id);

    public void Set(string view, long version, string? id)
    {
        _versions[view] = version;
        if (id is null)
            _ids.Remove(view);
        else
            _ids[view] = id;
    }
}
