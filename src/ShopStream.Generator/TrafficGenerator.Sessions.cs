using ShopStream.Generator.Model;
using ShopStream.Generator.Output;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator;

/// <summary>Sessions: who visits, and the walk through the funnel one event at a time.</summary>
public sealed partial class TrafficGenerator
{
    private const int CartLines = 8;
    private const long FirstUserId = 512_000_000;
    private readonly long _firstUserId; // this start's (StartSpace)
    private const double GuestShare = 0.25;

    private enum Phase : byte
    {
        Browse,
        Removes,
        Checkout,
    }

    private enum LineOutcome : byte
    {
        Abandon,
        Remove,
        Purchase,
    }

    private struct Session
    {
        public long User;
        public long UserId;
        public long SignupSecond;
        public int Template;
        public int Country;
        public byte Profile;
        public bool Guest;
        public bool Counted;
        public bool UserCounted;
        public Phase Phase;
        public bool PendingCart;
        /// <summary>Gap from a pending search to the view it leads to; 0 when no search is pending.</summary>
        public long SearchGap;
        public int SearchLeaf;
        public int ViewsLeft;
        public int LastProduct;
        public int LastLeaf;
        /// <summary>The product of the next view, picked when the view is scheduled (so its bytes can be prefetched).</summary>
        public int NextProduct;
        public int NextLeaf;
        public int Lines;
        public int Cursor;
        public long OrderNo;
        public long InvoiceNo;
        public int OrderLines;
        public int LineNo;
        public long Subtotal;
        public long Tax;
        public long Shipping;
        public int Payment;
    }

    private readonly record struct ReturnVisit(long User, long SignupSecond, bool Counted);

    private Session[] _sessions = new Session[256];
    private int[] _cart = new int[256 * CartLines];
    private int[] _cartQuantity = new int[256 * CartLines];
    private LineOutcome[] _cartOutcome = new LineOutcome[256 * CartLines];
    private readonly Stack<int> _freeSlots = new();
    private int _slotsUsed;
    private readonly SessionHeap _active = new();
    private readonly PriorityQueue<ReturnVisit, long> _returns = new();
    // Returns are days ahead: they wait in per-minute buckets (a ring over ReturnBuckets minutes) and move into the
    // small queue above when the clock reaches their minute, so the queue holds minutes of returns, not days.
    // Buckets are linked lists threaded through one entry array (no object per bucket or per visit).
    private const int ReturnBuckets = 1 << 16;
    private const long MaxReturnGap = 40L * 86_400;
    private readonly int[] _bucketHead = NewBucketHeads();
    private (ReturnVisit Visit, long Second, int Next)[] _returnEntries = new (ReturnVisit, long, int)[1024];
    private int _returnEntriesUsed;
    private int _freeReturnEntry = -1;
    private long _returnsMovedThrough;
    private long _userCount;
    private long _sequence;
    private long _now;

    private void StartSession(long user, long signupSecond, bool counted, long t)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
        ref var s = ref _sessions[slot];
        ulong hash = _users.Hash(user);
        s = default;
        s.User = user;
        s.UserId = _firstUserId + user;
        s.Template = _users.TemplateOf(hash);
        s.Country = _users.All[s.Template].Country;
        s.Profile = (byte)ProfileOf(hash);
        s.UserCounted = counted;
        s.LastProduct = -1;
        s.NextLeaf = -1;
        if (signupSecond < 0)
            signupSecond = _rng.Chance(0.4) ? t - _rng.Between(86_400, 730 * 86_400) : t;
        s.SignupSecond = signupSecond;
        s.Guest = _rng.Chance(GuestShare);

        // Views: 1 + geometric, so the mean is the profile's views per session.
        double more = 1 - (1 / _profiles.ViewsPerSession[s.Profile]);
        s.ViewsLeft = 1;
        while (s.ViewsLeft < 200 && _rng.Chance(more))
            s.ViewsLeft++;

        int channel = Campaigns.DrawChannel(ref _rng);
        int campaign = _campaigns.Draw(channel, t, ref _rng);
        var info = new SessionInfo(s.UserId, _rng.NextUInt64(), _rng.NextUInt64(), s.Template, UserPool.Ip(hash), s.Profile, s.SignupSecond, channel, campaign, s.Guest);
        _format.BeginSession(slot, info);

        // The first event is now (or after a search the format does not carry): step at once when it is now, and
        // queue the session only if it goes on.
        long first = BeforeView(ref s, t);
        long next = first == t ? Step(slot, t) : first;
        if (next >= 0)
            _active.Enqueue(slot, next);
    }

    /// <summary>
    /// Before each view, a search may come first (it picks the category the view is from). Drawn when the view is
    /// scheduled, so formats with and without searches consume the same random numbers and walk the same traffic:
    /// where searches are written the search step comes at <paramref name="at"/>, else the view comes after the gap
    /// straight away. Returns the time of the next step.
    /// </summary>
    private long BeforeView(ref Session s, long at)
    {
        if (!_rng.Chance(_searchPerView[s.Profile]))
            return PlanView(ref s, at);
        s.NextLeaf = _catalog.Leaf[PopularProduct()];
        long gap = s_searchGap.Draw(ref _rng);
        if (_searchesWritten)
        {
            s.SearchGap = gap;
            s.SearchLeaf = s.NextLeaf;
            PlanView(ref s, at);
            return at;
        }

        Stats.CountSkipped(EventKind.Search);
        return PlanView(ref s, at + gap);
    }

    private long PlanView(ref Session s, long at)
    {
        s.NextProduct = PickProduct(ref s);
        _format.Prefetch(s.NextProduct);
        return at;
    }

    private int ProfileOf(ulong hash)
    {
        double u = (hash >> 11) * (1.0 / (1UL << 53)) * _profiles.Cumulative[^1];
        for (int i = 0; i < _profiles.Cumulative.Length - 1; i++)
        {
            if (u < _profiles.Cumulative[i])
                return i;
        }

        return _profiles.Cumulative.Length - 1;
    }

    private int NewSlot()
    {
        if (_slotsUsed == SessionHeap.MaxSlots)
            throw new ArgumentException("too many concurrent sessions: lower the sessions per hour");
        int slot = _slotsUsed++;
        if (slot == _sessions.Length)
        {
            Array.Resize(ref _sessions, slot * 2);
            Array.Resize(ref _cart, slot * 2 * CartLines);
            Array.Resize(ref _cartQuantity, slot * 2 * CartLines);
            Array.Resize(ref _cartOutcome, slot * 2 * CartLines);
        }

        return slot;
    }

    /// <summary>Emits the session's next event at <paramref name="t"/>; returns the time of the one after, or -1 when the session is over.</summary>
    private long Step(int slot, long t)
    {
        ref var s = ref _sessions[slot];
        switch (s.Phase)
        {
            case Phase.Browse:
                if (s.PendingCart)
                {
                    s.PendingCart = false;
                    AddToCart(slot, ref s, s.LastProduct);
                    Emit(Event(slot, ref s, t, EventKind.Cart, s.LastProduct, 1));
                }
                else if (s.SearchGap > 0)
                {
                    var search = Event(slot, ref s, t, EventKind.Search, -1, 0);
                    search.Leaf = s.SearchLeaf;
                    Emit(search);
                    long gap = s.SearchGap;
                    s.SearchGap = 0;
                    return t + gap;
                }
                else
                {
                    int product = s.NextProduct;
                    s.LastProduct = product;
                    s.LastLeaf = _catalog.Leaf[product];
                    s.ViewsLeft--;
                    Emit(Event(slot, ref s, t, EventKind.View, product, 1));
                    s.PendingCart = _rng.Chance(_profiles.CartPerView[s.Profile]);
                }

                if (s.PendingCart)
                    return t + s_cartGap.Draw(ref _rng);
                if (s.ViewsLeft > 0)
                    return BeforeView(ref s, t + s_viewGap.Draw(ref _rng));
                return Decide(slot, ref s, t);

            case Phase.Removes:
                int remove = NextLine(slot, s.Cursor, LineOutcome.Remove);
                s.Cursor = remove + 1;
                Emit(Event(slot, ref s, t, EventKind.RemoveFromCart, _cart[(slot * CartLines) + remove], 1));
                if (NextLine(slot, s.Cursor, LineOutcome.Remove) >= 0)
                    return t + s_removeGap.Draw(ref _rng);
                return BeginCheckout(slot, ref s, t);

            default:
                if (s.LineNo == 0)
                    PlaceOrder(slot, ref s, t); // numbered when placed, so invoice numbers follow time
                int line = NextLine(slot, s.Cursor, LineOutcome.Purchase);
                s.Cursor = line + 1;
                int at = (slot * CartLines) + line;
                var purchase = Event(slot, ref s, t, EventKind.Purchase, _cart[at], _cartQuantity[at]);
                purchase.OrderNo = s.OrderNo;
                purchase.InvoiceNo = s.InvoiceNo;
                purchase.Line = ++s.LineNo;
                purchase.Lines = s.OrderLines;
                purchase.SubtotalCents = s.Subtotal;
                purchase.TaxCents = s.Tax;
                purchase.ShippingCents = s.Shipping;
                purchase.Payment = s.Payment;
                purchase.Warehouse = Countries.All[s.Country].Warehouse;
                Emit(purchase);
                if (NextLine(slot, s.Cursor, LineOutcome.Purchase) >= 0)
                    return t; // the order's lines share its time
                return End(slot, ref s, t);
        }
    }

    private GenEvent Event(int slot, ref Session s, long t, EventKind kind, int product, int quantity) => new()
    {
        Second = t,
        Kind = kind,
        Product = product,
        Quantity = quantity,
        Slot = slot,
        Sequence = _sequence++,
        UserId = s.UserId,
        Template = s.Template,
        Guest = s.Guest,
    };

    private void AddToCart(int slot, ref Session s, int product)
    {
        int at = slot * CartLines;
        for (int i = 0; i < s.Lines; i++)
        {
            if (_cart[at + i] == product)
            {
                _cartQuantity[at + i] = Math.Min(9, _cartQuantity[at + i] + 1);
                return;
            }
        }

        if (s.Lines == CartLines)
            return; // a full cart: the add is seen, the line is not kept
        _cart[at + s.Lines] = product;
        _cartQuantity[at + s.Lines] = 1;
        s.Lines++;
    }

    /// <summary>End of browsing: each cart line is bought, removed or abandoned; then removals, then the checkout.</summary>
    private long Decide(int slot, ref Session s, long t)
    {
        double buy = _profiles.PurchasePerLine[s.Profile];
        double remove = _profiles.RemovePerLine[s.Profile];
        bool removes = false;
        for (int i = 0; i < s.Lines; i++)
        {
            // A line added q times had q chances: purchases stay in proportion to cart events, not to lines.
            double u = _rng.NextDouble();
            double lineBuy = Math.Min(1, buy * _cartQuantity[(slot * CartLines) + i]);
            var outcome = u < lineBuy ? LineOutcome.Purchase : u < lineBuy + remove ? LineOutcome.Remove : LineOutcome.Abandon;
            _cartOutcome[(slot * CartLines) + i] = outcome;
            removes |= outcome == LineOutcome.Remove;
        }

        if (removes)
        {
            s.Phase = Phase.Removes;
            s.Cursor = 0;
            return t + s_removeGap.Draw(ref _rng);
        }

        return BeginCheckout(slot, ref s, t);
    }

    private long BeginCheckout(int slot, ref Session s, long t)
    {
        if (NextLine(slot, 0, LineOutcome.Purchase) < 0)
            return End(slot, ref s, t);
        s.Phase = Phase.Checkout;
        s.Cursor = 0;
        s.LineNo = 0;
        return t + s_checkoutGap.Draw(ref _rng);
    }

    private int NextLine(int slot, int from, LineOutcome outcome)
    {
        ref var s = ref _sessions[slot];
        for (int i = from; i < s.Lines; i++)
        {
            if (_cartOutcome[(slot * CartLines) + i] == outcome)
                return i;
        }

        return -1;
    }

    private long End(int slot, ref Session s, long t)
    {
        if (_rng.Chance(_o.Funnel.Return))
        {
            // Back the same day (a few hours later) or after some days, never within the 30-minute session gap.
            long gap = _rng.Chance(0.35) ? (long)_rng.LogNormal(3 * 3600, 0.8) : (long)((1 + _rng.Exponential(3)) * 86_400) + (long)(_rng.Normal() * 3 * 3600);
            long at = t + Math.Clamp(gap, 2400, MaxReturnGap);
            var visit = new ReturnVisit(s.User, s.SignupSecond, s.UserCounted);
            if (at / 60 <= _returnsMovedThrough)
            {
                // Its minute's bucket was already moved: the loop moves the buckets up to the next arrival before it
                // takes an earlier return, and in sparse traffic that arrival is hours ahead. Left in the bucket, the
                // visit waited for the ring to come round again, 45 days on, and came out as late events nobody asked for.
                _returns.Enqueue(visit, at);
                _freeSlots.Push(slot);
                return -1;
            }

            int entry = _freeReturnEntry;
            if (entry >= 0)
            {
                _freeReturnEntry = _returnEntries[entry].Next;
            }
            else
            {
                if (_returnEntriesUsed == _returnEntries.Length)
                    Array.Resize(ref _returnEntries, _returnEntriesUsed * 2);
                entry = _returnEntriesUsed++;
            }

            ref int head = ref _bucketHead[(at / 60) & (ReturnBuckets - 1)];
            _returnEntries[entry] = (visit, at, head);
            head = entry;
        }

        _freeSlots.Push(slot);
        return -1;
    }

    /// <summary>Moves the returns of every minute up to <paramref name="second"/>'s into the queue.</summary>
    private void MoveReturns(long second)
    {
        long minute = second / 60;
        while (_returnsMovedThrough < minute)
        {
            _returnsMovedThrough++;
            ref int head = ref _bucketHead[_returnsMovedThrough & (ReturnBuckets - 1)];
            for (int entry = head; entry >= 0;)
            {
                var (visit, at, next) = _returnEntries[entry];
                _returns.Enqueue(visit, at);
                _returnEntries[entry].Next = _freeReturnEntry;
                _freeReturnEntry = entry;
                entry = next;
            }

            head = -1;
        }
    }

    private static int[] NewBucketHeads()
    {
        var heads = new int[ReturnBuckets];
        Array.Fill(heads, -1);
        return heads;
    }

    private int PickProduct(ref Session s)
    {
        if (s.NextLeaf >= 0)
        {
            var inLeaf = _catalog.InCategory(s.NextLeaf);
            s.NextLeaf = -1;
            if (inLeaf.Length > 0)
                return inLeaf[Squared(inLeaf.Length)];
        }

        if (s.LastProduct >= 0 && _rng.Chance(0.45))
        {
            var related = _catalog.InCategory(s.LastLeaf);
            return related[Squared(related.Length)];
        }

        if (_rng.Chance(_profiles.SaleAffinity[s.Profile]))
            return _catalog.SaleProducts[Squared(_catalog.SaleProducts.Length)];
        return PopularProduct();
    }

    /// <summary>Zipf-like popularity: index n * u^2.5, so the top 1% of products get about a sixth of the views.</summary>
    private int PopularProduct()
    {
        double u = _rng.NextDouble();
        return Math.Min(_catalog.Count - 1, (int)(_catalog.Count * u * u * Math.Sqrt(u)));
    }

    private int Squared(int n)
    {
        double u = _rng.NextDouble();
        return Math.Min(n - 1, (int)(n * u * u));
    }

    // Gaps between a session's events, log-normal in seconds (median, spread, cap below the 30-minute session gap).
    private static readonly GapTable s_searchGap = new(12, 0.6, 300);
    private static readonly GapTable s_cartGap = new(18, 0.7, 600);
    private static readonly GapTable s_viewGap = new(40, 1.0, 1500);
    private static readonly GapTable s_removeGap = new(25, 0.8, 900);
    private static readonly GapTable s_checkoutGap = new(100, 0.7, 1500);
}
