using System.Diagnostics;
using System.Runtime.CompilerServices;
using ShopStream.Generator.Model;
using ShopStream.Generator.Output;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator;

/// <summary>
/// Generates synthetic shop traffic: users arrive as a Poisson process with daily and weekly seasonality (and come
/// back later), each session walks the funnel (searches, views, carts, removals, a checkout), orders get line
/// items, tax, shipping and a payment method, and some are cancelled later. Concurrent sessions are merged in
/// event-time order; faults are injected on the way out. The bytes written depend only on the options.
/// </summary>
public sealed partial class TrafficGenerator
{
    private readonly GeneratorOptions _o;
    private readonly Catalog _catalog;
    private readonly UserPool _users;
    private readonly Campaigns _campaigns;
    private readonly ProfileTable _profiles;
    private readonly RecordFormat _format;
    private readonly long _startSecond;
    private readonly double _newSessionsPerSecond;
    private readonly double[] _searchPerView;
    private readonly bool _searchesWritten;
    private Xoshiro256 _rng;
    private bool _ran;

    public TrafficGenerator(GeneratorOptions options)
    {
        options.Validate();
        if (options.Format == OutputFormat.Orders && options.Funnel.Purchase == 0)
            throw new ArgumentException("the orders format holds only purchases: the purchase share must be above 0");
        _o = options;
        _startSecond = options.Start.Ticks / TimeSpan.TicksPerSecond;
        // Another start (a day at a time, each its own generate) is other traffic with ids of its own: it was the
        // same traffic shifted in time, the same event, session, user, order and invoice ids, which a run over both
        // days took for one shop's repeat visitors and merged orders (0 orders on the second day). The shop's
        // catalogue and its kinds of customers stay the seed's. The default start keeps the seed's traffic as it was.
        ulong space = StartSpace(options.Start);
        _rng = new Xoshiro256(options.Seed ^ (space * 0x9E37_79B9_7F4A_7C15UL));
        _faultRng = new Xoshiro256(options.Seed ^ 0xFA17_5EED_0000UL ^ (space * 0xC2B2_AE3D_27D4_EB4FUL));
        _firstUserId = FirstUserId + (long)space * UserIdsPerStart;
        _orders = (long)space * OrderIdsPerStart;
        _invoices = (long)space * InvoicesPerStart;
        _catalog = CatalogBuilder.Build(options.Products, options.Seed);
        _users = new UserPool(options.Seed);
        _campaigns = new Campaigns(options.Seed, _startSecond);
        _profiles = new ProfileTable(options.Funnel);
        _format = options.Format switch
        {
            OutputFormat.Rees46 => new Rees46Format(_catalog),
            OutputFormat.JsonLines => new JsonLinesFormat(_catalog, _users, _campaigns, _profiles.Names, options.Seed, space),
            _ => new OrdersFormat(_catalog, _users, options.Seed),
        };
        _newSessionsPerSecond = options.SessionsPerHour * (1 - options.Funnel.Return) / 3600.0;
        _searchesWritten = _format.Carries(EventKind.Search);
        _searchPerView = _profiles.ViewsPerSession.Select(v => Math.Min(0.9, options.Funnel.Search / v)).ToArray();
        _faultsOn = options.Faults.Any;
        _disorderTicks = options.AllowedDisorder.Ticks;
        long disorderSeconds = (long)Math.Ceiling(options.AllowedDisorder.TotalSeconds);
        _lateMinSeconds = disorderSeconds + 1;
        _disorderMaxSeconds = Math.Max(1, (int)(options.AllowedDisorder.TotalSeconds * 0.8));
        _duplicateMaxSeconds = Math.Min(60, (int)(options.AllowedDisorder.TotalSeconds * 0.5));
        Stats = new GeneratorStats { Format = options.Format, Seed = options.Seed };
    }

    // The id ranges of one start's traffic: users up to 10^8 (the most that keeps every start's ids below 2^53, read
    // exactly as doubles; a generate past it is refused), orders and invoices (text) 10^10.
    internal const long UserIdsPerStart = 100_000_000;
    private const long OrderIdsPerStart = 10_000_000_000;
    private const long InvoicesPerStart = 10_000_000_000;

    /// <summary>
    /// The start's place among starts, 0 for <see cref="GeneratorOptions.DefaultStart"/>: its minutes from that
    /// start, folded to 0, 1, 2, ... (after, before, after, ...). Under 7.6·10^7 for 1971..2090, so user ids stay
    /// below 2^53 (read exactly as doubles, as UCI's "12923.0" is).
    /// </summary>
    internal static ulong StartSpace(DateTime start)
    {
        long minutes = (long)Math.Floor((start - GeneratorOptions.DefaultStart).TotalMinutes);
        return minutes >= 0 ? (ulong)minutes * 2 : ((ulong)(-minutes) * 2) - 1;
    }

    public GeneratorOptions Options => _o;

    /// <summary>Updated while <see cref="Run"/> runs.</summary>
    public GeneratorProgress Progress { get; } = new();

    /// <summary>Filled in by <see cref="Run"/>.</summary>
    public GeneratorStats Stats { get; }

    /// <summary>
    /// Writes the traffic to <paramref name="output"/> (and inventory updates, as JSON lines, to
    /// <paramref name="inventory"/> when given), paced by <paramref name="pacer"/> when given. Runs once.
    /// </summary>
    public GeneratorStats Run(Stream output, RatePacer? pacer = null, Stream? inventory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_ran)
            throw new InvalidOperationException("a generator runs once; make a new one");
        _ran = true;
        var clock = Stopwatch.StartNew();
        // Unpaced, a writer thread takes the I/O off the generating thread; paced, bytes go out synchronously at each step.
        using var buffer = new OutputBuffer(output, background: pacer is null);
        using var inventoryBuffer = inventory is null ? null : new OutputBuffer(inventory, 1 << 16);
        _out = buffer;
        _inventory = inventoryBuffer;
        _pacer = pacer;
        _target = _o.Events ?? long.MaxValue;
        _out.Write(_format.Header);
        if (_inventory is not null)
            InitialStock();
        pacer?.Start();
        _nextPace = pacer?.BatchSize ?? long.MaxValue;
        Loop(_o.Duration is { } d ? _startSecond + (long)Math.Ceiling(d.TotalSeconds) : GeneratorOptions.TimeLimit.Ticks / TimeSpan.TicksPerSecond, cancellationToken);
        // --events whose traffic is too sparse to fit before the limit (validation checks --duration up front): times
        // after it would be rejected as event_time by the reader, where the stats promise only the malformed.
        if (_o.Events is not null && _planned < _target)
            throw new ArgumentException($"the traffic reached {GeneratorOptions.TimeLimit:yyyy-MM-dd} before --events {_target:N0} (after {Stats.Records:N0} records): raise --sessions-per-hour or start earlier");
        FlushHeld();
        _out.Complete();
        _inventory?.Complete();
        Stats.Bytes = _out.Flushed;
        Stats.Elapsed = clock.Elapsed;
        Progress.Update(Stats.Records, Stats.Bytes, _lastSecond);
        return Stats;
    }

    // One hot loop: full optimisation from the start rather than on-stack replacement.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop(long endSecond, CancellationToken cancellationToken)
    {
        double nextArrival = NextArrival(_startSecond);
        _returnsMovedThrough = (_startSecond / 60) - 1;
        long iterations = 0;
        while (_planned < _target)
        {
            long arrival = (long)nextArrival;
            long session = _active.TryPeek(out int slot, out long s) ? s : long.MaxValue;
            long future = _future.TryPeek(out _, out var f) ? f.At : long.MaxValue;
            long t = Math.Min(Math.Min(arrival, session), future);
            if (t / 60 > _returnsMovedThrough && t != long.MaxValue)
                MoveReturns(t);
            long back = _returns.TryPeek(out _, out long r) ? r : long.MaxValue;
            t = Math.Min(t, back);
            if (t >= endSecond)
                break;
            _now = t;
            if (future == t)
            {
                RunFuture(_future.Dequeue(), t);
            }
            else if (session == t)
            {
                long next = Step(slot, t);
                if (next >= 0)
                    _active.ReplaceMin(slot, next);
                else
                    _active.Dequeue();
            }
            else if (back == t)
            {
                var visit = _returns.Dequeue();
                StartSession(visit.User, visit.SignupSecond, visit.Counted, t);
            }
            else
            {
                if (_userCount == UserIdsPerStart)
                    throw new ArgumentException($"the traffic reached {UserIdsPerStart:N0} new users, the most one --start has ids for (after {Stats.Records:N0} records): generate it as several, each with its own --start");
                StartSession(_userCount++, signupSecond: -1, counted: false, t);
                nextArrival = NextArrival(nextArrival);
            }

            if (Stats.Records >= _nextPace)
            {
                Pace(cancellationToken);
                cancellationToken.ThrowIfCancellationRequested(); // paced, 4,096 steps may take hours
            }

            if ((++iterations & 0xFFF) == 0)
            {
                Progress.Update(Stats.Records, _out.Total, t);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void Pace(CancellationToken cancellationToken)
    {
        _out.Flush(); // hand the batch on before waiting: the reader sees a steady flow
        Progress.Update(Stats.Records, _out.Total, _now);
        _pacer!.WaitFor(Stats.Records, cancellationToken);
        _nextPace = Stats.Records + _pacer.BatchSize;
    }

    /// <summary>The next new-user session after <paramref name="from"/>, by thinning a Poisson process at the peak rate.</summary>
    private double NextArrival(double from)
    {
        double peak = _newSessionsPerSecond * Seasonality.Max;
        double t = from;
        while (true)
        {
            t += _rng.Exponential(1 / peak);
            if (_rng.NextDouble() * Seasonality.Max < Seasonality.Factor(t))
                return t;
        }
    }
}
