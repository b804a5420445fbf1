using ShopStream.Core.Output;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Tests;

/// <summary>A row sink for the results that takes rows up to a count, then fails as a full disk would.</summary>
internal sealed class FailingRows(int after) : IResultRowSink
{
    private int _rows;

    public void Begin(long profiles, long sessions)
    {
    }

    public void Profile(in CustomerProfile profile) => Take();

    public void ProfilesDone()
    {
    }

    public void Session(in SessionRecord session) => Take();

    public void SessionsDone()
    {
    }

    private void Take()
    {
        if (Interlocked.Increment(ref _rows) > after) // profiles and sessions come on two threads
            throw new IOException("No space left on device");
    }
}
