namespace ShopStream.Analytics.Models;

/// <summary>
/// One versioned SQL model: a SELECT over the lake's views whose rows become the Delta table <c>gold/NAME</c>.
/// <see cref="Reads"/> is derived from the SQL text (every known view it names), so the run order follows what each
/// model reads. A model that reads its own table (<see cref="ReadsItself"/>) builds on its previous version, and
/// <see cref="EmptySql"/> gives that state before its first commit.
/// </summary>
public sealed record GoldModel(string Name, int Version, string Sql, IReadOnlyList<string> Reads, string? EmptySql = null)
{
    /// <summary>The table's path in the lake (<c>gold/rfm</c>).</summary>
    public string TablePath => "gold/" + Name;

    /// <summary>The view other models and checks read it by (<c>gold_rfm</c>).</summary>
    public string ViewName => "gold_" + Name;

    public bool ReadsItself => Reads.Contains(ViewName);

    /// <summary>The views this model needs before it runs (its own previous version excluded).</summary>
    public IEnumerable<string> Upstream => Reads.Where(r => r != ViewName);
}
