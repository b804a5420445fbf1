using System.Buffers.Text;
using System.Runtime.CompilerServices;
using ShopStream.Generator.Randomness;

namespace ShopStream.Benchmarks.Generation;

/// <summary>
/// Writes a REES46-shaped clickstream CSV. Sessions arrive as a Poisson process (with a daily cycle); each is a
/// short run of events a few seconds to minutes apart, owned by a new user or (sometimes) a returning recent one;
/// concurrent sessions are merged in time order through a priority queue. Rows are assembled from pre-rendered
/// bytes (product part, user and session part, a cached date), so writing tens of millions of rows is I/O bound.
/// The output depends only on the options (seed included).
/// </summary>
internal sealed class Rees46Generator
{
    private const int TailCapacity = 64; // "user_id,uuid\n"
    private const int FlushAt = 1 << 22;
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    private readonly GeneratorOptions _o;
    private readonly ProductCatalog _catalog;
    private Xoshiro256 _rng;

    // Active sessions, by slot.
    private long[] _nextTime = new long[1024];
    private int[] _remaining = new int[1024];
    private int[] _product = new int[1024];
    private bool[] _started = new bool[1024];
    private byte[] _tails = new byte[1024 * TailCapacity];
    private int[] _tailLength = new int[1024];
    private readonly Stack<int> _freeSlots = new();
    private int _slots;
    private readonly PriorityQueue<int, long> _queue = new();

    // Users.
    private long _lastUserId = 400_000_000;
    private long _users;
    private readonly long[] _recentUsers;
    private readonly List<long> _allUsers = [];

    // Output.
    private readonly byte[] _buffer = new byte[FlushAt + 4096];
    private int _used;
    private long _cachedDay = -1;
    private readonly byte[] _date = new byte[11]; // "yyyy-MM-dd "

    private readonly double _pCart;
    private readonly double _pPurchase;
    private readonly double _continue;

    private Rees46Generator(GeneratorOptions o)
    {
        _o = o;
        _rng = new Xoshiro256(o.Seed);
        var catalogRng = new Xoshiro256(o.Seed ^ 0xC0FFEE);
        _catalog = new ProductCatalog(o.Products, o, ref catalogRng);
        _recentUsers = new long[Math.Max(1, o.ChurnWindowUsers)];

        // The first event of a session is a view; later ones are scaled so the overall shares come out as asked.
        double m = o.EventsPerSession;
        _pCart = o.CartShare * m / (m - 1);
        _pPurchase = o.PurchaseShare * m / (m - 1);
        _continue = 1 - (1 / m);
    }

    public static GeneratorStats Write(Stream output, GeneratorOptions options)
    {
        if (options.EventsPerSession <= 1)
            throw new ArgumentException("events per session must be above 1");
        return new Rees46Generator(options).Run(output);
    }

    // Called once with one hot loop: full optimisation from the start rather than on-stack replacement.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private GeneratorStats Run(Stream output)
    {
        long rows = 0, duplicates = 0, sessions = 0, bytes = 0, views = 0, carts = 0, purchases = 0, last = 0;
        Append("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"u8);
        double meanArrivalGap = _o.EventsPerSession / _o.EventsPerSecond;
        double nextArrival = _rng.Exponential(meanArrivalGap);
        while (rows < _o.Events)
        {
            if (_queue.TryPeek(out int slot, out long t) && t <= nextArrival)
            {
                _queue.Dequeue();
                int type = NextType(slot);
                switch (type)
                {
                    case 0: views++; break;
                    case 1: carts++; break;
                    default: purchases++; break;
                }

                long written = t;
                if (_rng.Chance(_o.DisorderShare))
                    written = Math.Max(0, t - 1 - _rng.Next(_o.MaxDisorderSeconds));
                last = Math.Max(last, written);
                int start = _used;
                WriteRow(written, type, slot);
                rows++;
                if (rows < _o.Events && _rng.Chance(_o.DuplicateShare))
                {
                    int length = _used - start;
                    _buffer.AsSpan(start, length).CopyTo(_buffer.AsSpan(_used));
                    _used += length;
                    rows++;
                    duplicates++;
                }

                if (--_remaining[slot] > 0)
                {
                    _nextTime[slot] = t + Gap();
                    _queue.Enqueue(slot, _nextTime[slot]);
                }
                else
                {
                    _freeSlots.Push(slot);
                }

                if (_used >= FlushAt)
                {
                    output.Write(_buffer, 0, _used);
                    bytes += _used;
                    _used = 0;
                }
            }
            else
            {
                StartSession((long)nextArrival);
                sessions++;
                // Inhomogeneous Poisson arrivals: a daily cycle, quietest at midnight, busiest at noon.
                double dayPhase = nextArrival / 86_400.0;
                double load = 1 - (0.5 * Math.Cos(2 * Math.PI * dayPhase));
                nextArrival += _rng.Exponential(meanArrivalGap / load);
            }
        }

        output.Write(_buffer, 0, _used);
        bytes += _used;
        _used = 0;
        output.Flush();
        return new GeneratorStats(rows, duplicates, _users, sessions, bytes, views, carts, purchases, GeneratorOptions.Start.AddSeconds(last));
    }

    private void StartSession(long time)
    {
        int slot = RentSlot();
        _nextTime[slot] = time;
        // Events in the session: 1 + geometric, mean EventsPerSession.
        int extra = (int)Math.Min(500, Math.Floor(Math.Log(1 - _rng.NextDouble()) / Math.Log(_continue)));
        _remaining[slot] = 1 + extra;
        _started[slot] = false;
        _product[slot] = NextProduct();

        long user = PickUser();
        var tail = _tails.AsSpan(slot * TailCapacity, TailCapacity);
        Utf8Formatter.TryFormat(user, tail, out int n);
        tail[n++] = (byte)',';
        WriteUuid(tail[n..]);
        n += 36;
        tail[n++] = (byte)'\n';
        _tailLength[slot] = n;
        _queue.Enqueue(slot, time);
    }

    private long PickUser()
    {
        long known = _o.Churn ? Math.Min(_users, _recentUsers.Length) : _allUsers.Count;
        if (known > 0 && _rng.Chance(_o.ReturningShare))
            return _o.Churn ? _recentUsers[_rng.Next((int)known)] : _allUsers[_rng.Next((int)known)];

        _lastUserId += 1 + _rng.Next(3);
        if (_o.Churn)
            _recentUsers[_users % _recentUsers.Length] = _lastUserId;
        else
            _allUsers.Add(_lastUserId);
        _users++;
        return _lastUserId;
    }

    // 0 view, 1 cart, 2 purchase. Carts and purchases are of the product last viewed in the session.
    private int NextType(int slot)
    {
        if (!_started[slot])
        {
            _started[slot] = true;
            return 0;
        }

        double r = _rng.NextDouble();
        if (r < _pCart)
            return 1;
        if (r < _pCart + _pPurchase)
            return 2;
        if (_rng.Chance(0.65))
            _product[slot] = NextProduct();
        return 0;
    }

    private int NextProduct() => _rng.Skewed(_catalog.Count, 2.5);

    // Seconds to the session's next event: mostly under a minute or two; now and then a pause past the 30-minute gap.
    private long Gap() => _rng.Chance(0.015)
        ? (31 * 60) + _rng.Next(90 * 60)
        : 1 + (long)_rng.Exponential(40);

    private void WriteRow(long seconds, int type, int slot)
    {
        var dest = _buffer.AsSpan(_used);
        int at = WriteTime(dest, seconds);
        dest[at++] = (byte)',';
        var typeName = type switch { 0 => "view,"u8, 1 => "cart,"u8, _ => "purchase,"u8 };
        typeName.CopyTo(dest[at..]);
        at += typeName.Length;
        var product = _catalog.Row(_product[slot]);
        product.CopyTo(dest[at..]);
        at += product.Length;
        dest[at++] = (byte)',';
        var tail = _tails.AsSpan(slot * TailCapacity, _tailLength[slot]);
        tail.CopyTo(dest[at..]);
        _used += at + tail.Length;
    }

    // "yyyy-MM-dd HH:mm:ss UTC"
    private int WriteTime(Span<byte> dest, long seconds)
    {
        long day = seconds / 86_400;
        if (day != _cachedDay)
        {
            _cachedDay = day;
            var date = GeneratorOptions.Start.AddDays(day);
            Utf8Formatter.TryFormat(date.Year, _date, out _, new System.Buffers.StandardFormat('D', 4));
            _date[4] = (byte)'-';
            TwoDigits(_date.AsSpan(5), date.Month);
            _date[7] = (byte)'-';
            TwoDigits(_date.AsSpan(8), date.Day);
            _date[10] = (byte)' ';
        }

        _date.CopyTo(dest);
        int s = (int)(seconds % 86_400);
        TwoDigits(dest[11..], s / 3600);
        dest[13] = (byte)':';
        TwoDigits(dest[14..], s / 60 % 60);
        dest[16] = (byte)':';
        TwoDigits(dest[17..], s % 60);
        " UTC"u8.CopyTo(dest[19..]);
        return 23;
    }

    private static void TwoDigits(Span<byte> dest, int value)
    {
        dest[0] = (byte)('0' + (value / 10));
        dest[1] = (byte)('0' + (value % 10));
    }

    private void WriteUuid(Span<byte> dest)
    {
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, _rng.NextUInt64());
        BitConverter.TryWriteBytes(b[8..], _rng.NextUInt64());
        b[6] = (byte)((b[6] & 0x0F) | 0x40); // version 4
        b[8] = (byte)((b[8] & 0x3F) | 0x80); // RFC 4122 variant
        int at = 0;
        for (int i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
                dest[at++] = (byte)'-';
            dest[at++] = Hex[b[i] >> 4];
            dest[at++] = Hex[b[i] & 0xF];
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private int RentSlot()
    {
        if (_freeSlots.TryPop(out int slot))
            return slot;
        if (_slots == _nextTime.Length)
        {
            int size = _slots * 2;
            Array.Resize(ref _nextTime, size);
            Array.Resize(ref _remaining, size);
            Array.Resize(ref _product, size);
            Array.Resize(ref _started, size);
            Array.Resize(ref _tailLength, size);
            Array.Resize(ref _tails, size * TailCapacity);
        }

        return _slots++;
    }
}
