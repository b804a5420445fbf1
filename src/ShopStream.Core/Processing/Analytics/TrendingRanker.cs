namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// Ranks products hour by hour as product rows stream past (sorted by hour, then product): against the hour
/// before, growing products only (more views than then), by growth, then views, then product id. An hour whose
/// previous hour has no product data (the stream's first hour, or after a gap) has nothing to grow from.
/// Both hours are in product order, so the previous hour's views are found by walking along it, not by lookups.
/// </summary>
internal sealed class TrendingRanker(TrendingRules rules, TimeSpan hour)
{
    private readonly List<TrendingProduct> _ranked = [];
    private readonly List<TrendingProduct> _candidates = [];
    private List<(long Id, long Views)> _previous = [];
    private List<(long Id, long Views)> _current = [];
    private int _at; // the walk along _previous
    private DateTime _previousStart = DateTime.MinValue;
    private DateTime _currentStart = DateTime.MinValue;

    public void Add(in ProductHourly p)
    {
        if (p.WindowStart != _currentStart)
        {
            RankCandidates();
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            _at = 0;
            _previousStart = _currentStart;
            _currentStart = p.WindowStart;
        }

        _current.Add((p.ProductId, p.Views));
        if (p.Views < rules.MinViews || _currentStart - hour != _previousStart)
            return;
        while (_at < _previous.Count && _previous[_at].Id < p.ProductId)
            _at++;
        long before = _at < _previous.Count && _previous[_at].Id == p.ProductId ? _previous[_at].Views : 0;
        if (p.Views > before)
            _candidates.Add(new TrendingProduct(p.WindowStart, 0, p.ProductId, p.Views, before, (decimal)(p.Views - before) / Math.Max(before, 1)));
    }

    /// <summary>The ranked rows of every hour, in hour and rank order.</summary>
    public List<TrendingProduct> Finish()
    {
        RankCandidates();
        return _ranked;
    }

    private void RankCandidates()
    {
        _candidates.Sort(static (a, b) =>
        {
            int c = b.Growth.CompareTo(a.Growth);
            if (c == 0)
                c = b.Views.CompareTo(a.Views);
            return c != 0 ? c : a.ProductId.CompareTo(b.ProductId);
        });
        for (int i = 0; i < Math.Min(rules.Top, _candidates.Count); i++)
            _ranked.Add(_candidates[i] with { Rank = i + 1 });
        _candidates.Clear();
    }
}
