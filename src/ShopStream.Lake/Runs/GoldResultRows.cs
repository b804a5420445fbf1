using ShopStream.Core.Output;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// Gold's profiles and sessions files, filled with the run's rows as its CSV files are written (the results are read
/// once for both), in the columns of <see cref="Tables.LakeTables"/>' gold schemas: money rounded half away from zero
/// to its column's scale, times in microseconds, empty texts as NULL. Indexes every session's user and start for
/// silver's <c>session_start</c> (<see cref="Runs.SessionStarts"/>). Profiles and sessions come on two threads;
/// each table's state is its thread's own. Each file is closed on its thread once all its rows have come, and handed
/// on.
/// </summary>
internal sealed class GoldResultRows : IResultRowSink, IDisposable
{
    private readonly ParquetFileWriter _profiles;
    private readonly Int64ColumnBuffer[] _profileNumbers;
    private readonly StringColumnBuffer _topCategory;
    private readonly StringColumnBuffer _topBrand;
    private readonly StringColumnBuffer _segment;
    private readonly Utf8Strings _utf8 = new();

    private readonly ParquetFileWriter _sessions;
    private readonly Int64ColumnBuffer[] _sessionNumbers;
    private readonly BooleanColumnBuffer _converted;
    private readonly Action<ParquetFileSummary> _profilesDone;
    private readonly Action<ParquetFileSummary, SessionStarts> _sessionsDone;
    private readonly Action _begun;
    private readonly Task<UInt128[]?> _spare;
    private (long Users, long Sessions)? _counts;
    private SessionStarts? _sessionStarts;

    /// <param name="profilesDone">Gets the closed profiles file.</param>
    /// <param name="sessionsDone">Gets the closed sessions file and the sessions' starts by user.</param>
    /// <param name="begun">Called when the results begin (<see cref="Begin"/>): the run has read everything.</param>
    /// <param name="spare">An array the index of session starts may reuse once it is free (<see cref="Runs.SessionStarts"/>).</param>
    public GoldResultRows(
        string profilesFile, string sessionsFile, ParquetWriteOptions options,
        Action<ParquetFileSummary> profilesDone, Action<ParquetFileSummary, SessionStarts> sessionsDone, Action begun, Task<UInt128[]?> spare)
    {
        _begun = begun;
        _spare = spare;
        _profilesDone = profilesDone;
        _sessionsDone = sessionsDone;
        _profiles = new ParquetFileWriter(profilesFile, ParquetColumn.FromDelta(Tables.LakeTables.GoldProfiles.Schema), options);
        try
        {
            _sessions = new ParquetFileWriter(sessionsFile, ParquetColumn.FromDelta(Tables.LakeTables.GoldSessions.Schema), options);
        }
        catch
        {
            _profiles.Dispose();
            throw;
        }

        _profileNumbers = [.. Enumerable.Range(0, 11).Select(_profiles.Int64)];
        (_topCategory, _topBrand, _segment) = (_profiles.String(11), _profiles.String(12), _profiles.String(13));
        _sessionNumbers = [.. Enumerable.Range(0, 8).Select(_sessions.Int64)];
        _converted = _sessions.Boolean(8);
    }

    public long ProfileRows => _profiles.Rows;

    public long SessionRows => _sessions.Rows;

    /// <summary>Whether <see cref="ProfilesDone"/> has closed the profiles file.</summary>
    public bool ProfilesClosed { get; private set; }

    public void Profile(in CustomerProfile profile)
    {
        var n = _profileNumbers;
        n[0].Add(profile.UserId);
        n[1].Add(profile.Events);
        n[2].Add(profile.Views);
        n[3].Add(profile.Carts);
        n[4].Add(profile.Removes);
        n[5].Add(profile.Purchases);
        n[6].AddDecimal(profile.Revenue);
        n[7].AddTicks(profile.FirstSeen.Ticks);
        n[8].AddTicks(profile.LastSeen.Ticks);
        n[9].Add(profile.Sessions);
        n[10].Add(profile.ProductsViewed);
        Text(_topCategory, profile.TopCategory);
        Text(_topBrand, profile.TopBrand);
        _segment.Add(_utf8.Of(SegmentRules.Name(profile.Segment)));
        _profiles.EndRow();
    }

    public void Session(in SessionRecord session)
    {
        var n = _sessionNumbers;
        n[0].Add(session.UserId);
        n[1].AddTicks(session.SessionStart.Ticks);
        n[2].AddTicks(session.SessionEnd.Ticks);
        n[3].Add(session.Events);
        n[4].Add(session.Views);
        n[5].Add(session.Carts);
        n[6].Add(session.Purchases);
        n[7].AddDecimal(session.Revenue);
        _converted.Add(session.Converted);
        _sessions.EndRow();
        SessionStarts.Add(session.UserId, UnixMicros.FromTicks(session.SessionStart.Ticks));
    }

    public void ProfilesDone()
    {
        _profilesDone(_profiles.Close());
        ProfilesClosed = true;
    }

    /// <summary>Before the first row: the index of session starts for silver is sized from the counts when the first session comes.</summary>
    public void Begin(long profiles, long sessions)
    {
        _counts = (profiles, sessions);
        _begun();
    }

    public void SessionsDone()
    {
        var starts = SessionStarts;
        starts.Complete();
        _sessionsDone(_sessions.Close(), starts);
    }

    public void Dispose()
    {
        _profiles.Dispose();
        _sessions.Dispose();
    }

    // Made on the sessions' thread (its zeroing beside the profiles'), in the spare array once that is free.
    private SessionStarts SessionStarts => _sessionStarts ??= _counts is var (users, sessions)
        ? new SessionStarts(users, sessions, _spare.GetAwaiter().GetResult())
        : throw new InvalidOperationException("gold's rows came before Begin");

    private void Text(StringColumnBuffer column, string? value)
    {
        if (string.IsNullOrEmpty(value))
            column.AddNull();
        else
            column.Add(_utf8.Of(value));
    }
}
