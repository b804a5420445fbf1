using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Output;

/// <summary>
/// Another destination for the rows of <c>profiles.csv</c> and <c>sessions.csv</c>, handed each row as the file is
/// written, so an output of the same rows (the data lake's gold tables) does not read the run's results a second time
/// (a merge over the partitions and their spill). Profiles and sessions are written on different threads at once,
/// each in its file's order, each table's methods on one thread.
/// </summary>
public interface IResultRowSink
{
    /// <summary>Before any row: how many profiles and sessions will come (the run's summary), so memory can be sized at once.</summary>
    void Begin(long profiles, long sessions);

    void Profile(in CustomerProfile profile);

    /// <summary>Every profile has come.</summary>
    void ProfilesDone();

    void Session(in SessionRecord session);

    /// <summary>Every session has come (work that needs them all can start while the other files are written).</summary>
    void SessionsDone();
}
