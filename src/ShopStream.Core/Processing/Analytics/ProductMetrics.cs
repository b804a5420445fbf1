using System.Runtime.InteropServices;
using ShopStream.Core.Events;
using ShopStream.Core.Processing.Spill;
using ShopStream.Core.Text;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One partition's funnel counts per product and per top-level category, by hour of event time. Products and
/// categories span partitions, so these are partial counts: <see cref="RunResult"/> sums them across partitions.
/// An hour is final, written out sorted by key and its state freed, when the watermark passes its end plus the
/// allowed lateness (as for windows), so state is bounded by the hours still open. With a spill, final hours go
/// to disk as they are made, so memory does not grow with the input's length either.
/// The caller leaves out events that are beyond lateness.
/// </summary>
internal sealed partial class ProductMetrics(TimeSpan hour, TimeSpan lateness, ProductHourRuns? spill = null)
{
    private readonly long _lateness = lateness.Ticks;
    private readonly TimeBuckets<ProductKey> _hours = new(hour.Ticks);
    private readonly Dictionary<string, FunnelCounts> _codes = new(ReferenceComparer.Instance);
    private readonly Dictionary<string, FunnelCounts> _categories = new(StringComparer.Ordinal);
    private ProductKey[] _keys = [];
    private FunnelCounts[] _counts = [];
    private long[] _ids = [];
    private int[] _slots = [];

    // With a spill, an hour's rows are built here and written, then the buffers serve the next hour (an hour is
    // tens of thousands of products: new arrays for each would be large-object garbage).
    private long[] _hourIds = [];
    private FunnelCounts[] _hourCounts = [];

    /// <summary>Final hours not spilled, in order, each sorted by product id.</summary>
    public List<ProductHour> Products { get; } = [];

    /// <summary>Every final hour, spilled ones first (they are the earlier ones), read as enumerated.</summary>
    public IEnumerable<ProductHour> FinalHours => spill is null ? Products : spill.Read().Concat(Products);

    /// <summary>Final rows, by hour then category (ordinal).</summary>
    public List<CategoryHourly> Categories { get; } = [];

    /// <summary>Hours held now (bounded state).</summary>
    public int OpenHours => _hours.Count;

    public void Add(in ShopEvent e)
    {
        if (FunnelCounts.Counts(e.Type))
            CollectionsMarshal.GetValueRefOrAddDefault(_hours.At(e.EventTimeTicks), new ProductKey(e.ProductId, e.CategoryCode), out _).Add(e);
    }

    public void Advance(long watermark)
    {
        long limit = watermark == long.MaxValue ? long.MaxValue : watermark - _lateness;
        while (_hours.TryTakeEndingBefore(limit, out long start, out var bucket))
        {
            var at = new DateTime(start, DateTimeKind.Utc);
            int n = Load(bucket);
            EmitProducts(at, n);
            EmitCategories(at, n);
            _hours.Recycle(bucket);
        }
    }

    /// <summary>End of input: every hour is final, and the spare hour dictionaries are let go.</summary>
    public void Flush()
    {
        Advance(long.MaxValue);
        _hours.ReleaseSpares();
    }

    private int Load(Dictionary<ProductKey, FunnelCounts> bucket)
    {
        if (_keys.Length < bucket.Count)
        {
            int size = Math.Max(bucket.Count, _keys.Length * 2);
            _keys = new ProductKey[size];
            _counts = new FunnelCounts[size];
            _ids = new long[size];
            _slots = new int[size];
        }

        int n = 0;
        foreach (var (key, counts) in bucket)
        {
            _keys[n] = key;
            _ids[n] = key.ProductId;
            _slots[n] = n;
            _counts[n++] = counts;
        }

        return n;
    }

    // Sorted by id with small slot numbers alongside (cheaper to move than the counts), then gathered. A product
    // seen with several category codes has one entry per code: they are added up here.
    private void EmitProducts(DateTime at, int n)
    {
        IdOrder.Sort(_ids.AsSpan(0, n), _slots.AsSpan(0, n));
        int m = 1;
        for (int i = 1; i < n; i++)
            m += _ids[i] != _ids[i - 1] ? 1 : 0;
        long[] ids;
        FunnelCounts[] counts;
        if (spill is null)
        {
            ids = new long[m];
            counts = new FunnelCounts[m];
        }
        else
        {
            if (_hourIds.Length < m)
            {
                _hourIds = new long[Math.Max(m, _hourIds.Length * 2)];
                _hourCounts = new FunnelCounts[_hourIds.Length];
            }

            ids = _hourIds;
            counts = _hourCounts;
            Array.Clear(counts, 0, m);
        }

        int k = -1;
        for (int i = 0; i < n; i++)
        {
            if (k < 0 || ids[k] != _ids[i])
                ids[++k] = _ids[i];
            counts[k].Merge(_counts[_slots[i]]);
        }

        var hour = new ProductHour(at, ids, counts, m);
        if (spill is null)
            Products.Add(hour);
        else
            spill.Write(hour);
    }

    // Entries are added up by category code first, comparing the interned codes by reference (cheap), then the
    // few distinct codes by their top-level category.
    private void EmitCategories(DateTime at, int n)
    {
        for (int i = 0; i < n; i++)
            CollectionsMarshal.GetValueRefOrAddDefault(_codes, _keys[i].CategoryCode ?? "", out _).Merge(_counts[i]);
        var top = _categories.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (code, counts) in _codes)
            CollectionsMarshal.GetValueRefOrAddDefault(top, CategoryHourly.TopLevel(code), out _).Merge(counts);
        _codes.Clear();

        foreach (var name in _categories.Keys.Order(CodePointOrder.Comparer))
        {
            var c = _categories[name];
            Categories.Add(new CategoryHourly(at, name, c.Views, c.Carts, c.Purchases, c.Revenue));
        }

        _categories.Clear();
    }

    private sealed class ReferenceComparer : IEqualityComparer<string>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
