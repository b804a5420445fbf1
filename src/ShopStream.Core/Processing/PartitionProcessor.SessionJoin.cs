using System.Runtime.InteropServices;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing;

/// <summary>
/// Sessions a late event split, joined at the end (<see cref="JoinedSessionCursor"/>): the counts that depend on them
/// (the summary's sessions, cart abandonment, each user's sessions and converting sessions) are made to agree.
/// </summary>
public sealed partial class PartitionProcessor
{
    // After Finish: true when sorting the sessions found some to join, or some were spilled: they are read joined.
    private bool _joinSessions;

    // After Finish: users found only in the spill whose sessions the join made fewer, and by how many (sessions,
    // converting sessions); applied as they are read back. Users in memory are corrected in place.
    private readonly Dictionary<long, (int Sessions, int Converted)> _spilledJoins = [];

    // Counts the joined sessions, by hour for cart abandonment too, and lowers the session counts of the users whose
    // sessions were joined, so profiles and the summary count the sessions sessions.csv lists.
    private void JoinSplitSessions()
    {
        var hours = new CartAbandonment.HourTally(_hour);
        long count = 0;
        using var sessions = new JoinedSessionCursor(StreamSessions(), _sessionGap);
        while (sessions.MoveNext())
        {
            ref readonly var s = ref sessions.Current;
            count++;
            hours.Add(s);
            if (sessions.Parts > 1)
                LowerSessionCounts(s.UserId, sessions.Parts - 1, sessions.ConvertedParts - (s.Converted ? 1 : 0));
        }

        SessionCount = count;
        Abandonment = hours.Rows();
    }

    // A user both in memory and in the spill (back after being spilled) is corrected in memory: the parts' counts add up.
    private void LowerSessionCounts(long userId, int sessions, int converted)
    {
        if (_users.TryGetSlot(userId, out int slot))
        {
            ref var user = ref _users[slot];
            user.ClosedSessions -= sessions;
            user.ConvertedSessions -= converted;
        }
        else
        {
            ref var joined = ref CollectionsMarshal.GetValueRefOrAddDefault(_spilledJoins, userId, out _);
            joined = (joined.Sessions + sessions, joined.Converted + converted);
        }
    }

    private UserState WithJoinedSessions(UserState user)
    {
        if (_spilledJoins.TryGetValue(user.UserId, out var joined))
        {
            user.ClosedSessions -= joined.Sessions;
            user.ConvertedSessions -= joined.Converted;
        }

        return user;
    }
}
