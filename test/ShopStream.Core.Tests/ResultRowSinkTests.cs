using ShopStream.Core.Output;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>Writing the results tells a row sink how many rows will come, hands it each row of profiles.csv and sessions.csv, then says the table is done.</summary>
public sealed class ResultRowSinkTests
{
    [Fact]
    public void The_sink_gets_every_profile_and_session_in_file_order_then_done_once()
    {
        var t0 = Rees46Rows.T0;
        var rows = Enumerable.Range(1, 30).SelectMany(u => new[]
        {
            Rees46Rows.Row(t0.AddMinutes(u), user: 500 - u),
            Rees46Rows.Row(t0.AddHours(2).AddMinutes(u), user: 500 - u),
        });
        var run = TestPipeline.Run(Rees46Rows.Csv(rows), options: TestPipeline.Options(partitions: 3));
        using var temp = new TempFolder();
        var sink = new RecordingSink();

        new RunDirectory(temp.Path).WriteResults(run.Result, rows: sink);

        Assert.Equal((30L, 60L), sink.Announced);
        Assert.Equal(run.Result.Profiles, sink.Profiles);
        Assert.Equal(run.Result.Sessions, sink.Sessions);
        Assert.Equal(60, sink.Sessions.Count);
        Assert.Equal((30, 1), (sink.ProfilesAtDone, sink.ProfilesDoneCalls));
        Assert.Equal((60, 1), (sink.SessionsAtDone, sink.SessionsDoneCalls));
    }

    private sealed class RecordingSink : IResultRowSink
    {
        public List<CustomerProfile> Profiles { get; } = [];

        public List<SessionRecord> Sessions { get; } = [];

        public int ProfilesAtDone { get; private set; } = -1;

        public int SessionsAtDone { get; private set; } = -1;

        public int ProfilesDoneCalls { get; private set; }

        public int SessionsDoneCalls { get; private set; }

        public (long Profiles, long Sessions)? Announced { get; private set; }

        public void Begin(long profiles, long sessions)
        {
            Assert.True(Profiles.Count == 0 && Sessions.Count == 0 && Announced is null, "Begin comes once, before any row");
            Announced = (profiles, sessions);
        }

        public void Profile(in CustomerProfile profile)
        {
            Assert.NotNull(Announced);
            Profiles.Add(profile);
        }

        public void ProfilesDone()
        {
            ProfilesAtDone = Profiles.Count;
            ProfilesDoneCalls++;
        }

        public void Session(in SessionRecord session)
        {
            Assert.NotNull(Announced);
            Sessions.Add(session);
        }

        public void SessionsDone()
        {
            SessionsAtDone = Sessions.Count;
            SessionsDoneCalls++;
        }
    }
}
