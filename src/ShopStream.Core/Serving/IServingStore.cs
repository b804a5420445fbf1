using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;

namespace ShopStream.Core.Serving;

/// <summary>
/// The read side that <c>shopstream serve</c> answers from: a finished run's output folder, the processor's live
/// state, or the PostgreSQL serving store. Every implementation gives the same answer for the same run: profiles
/// in SPEC's fields, search results in the same stable order.
/// </summary>
public interface IServingStore
{
    /// <summary>The run summary, or null when nothing has been processed yet.</summary>
    ValueTask<RunSummary?> SummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>One user's profile, or null for a user the store does not know.</summary>
    ValueTask<CustomerProfile?> ProfileAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>One page of the profiles matching <paramref name="query"/>, in its sort order (ties by user id).</summary>
    ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default);

    /// <summary>Hourly window metrics with <c>from &lt;= window_start &lt; to</c> (either bound may be open), by window start.</summary>
    ValueTask<IReadOnlyList<WindowResult>> HourlyMetricsAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the store holds a run at all, cheaply, for a read whose answer came back empty (no rows, no such
    /// profile), so that it is answered as "no run yet" rather than as an empty list or a 404. No default: a store of
    /// its own (PostgreSQL before its first publication, a lake whose first run never committed) can be empty while
    /// serving, and a wrapper must forward the question.
    /// </summary>
    ValueTask<bool> HoldsRunAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What a read says while this store holds no run, naming what gives it one: a store of its own (PostgreSQL, a
    /// lake) sets it. Null for the run folder's own stores, whose loading says why.
    /// </summary>
    string? NoRunMessage => null;
}
