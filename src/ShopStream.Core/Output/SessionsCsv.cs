using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>gold/sessions</c> rows as CSV with SPEC's column names.</summary>
public static class SessionsCsv
{
    public static ReadOnlySpan<byte> Header => "user_id,session_start,session_end,events,views,carts,purchases,revenue,converted"u8;

    /// <summary>Writes the run's sessions (the rows of <see cref="RunResult.Sessions"/>), each read in place through the merge.</summary>
    /// <param name="rows">Also gets each row, if given.</param>
    public static void Write(Stream output, RunResult result, IResultRowSink? rows = null)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        using var sessions = result.SessionRows();
        while (sessions.MoveNext())
        {
            WriteRow(w, sessions.Current);
            rows?.Session(sessions.Current);
        }

        rows?.SessionsDone();
    }

    private static void WriteRow(Utf8RowWriter w, in SessionRecord s)
    {
        w.Int(s.UserId);
        w.Time(s.SessionStart);
        w.Time(s.SessionEnd);
        w.Int(s.Events);
        w.Int(s.Views);
        w.Int(s.Carts);
        w.Int(s.Purchases);
        w.Money(s.Revenue);
        w.Bool(s.Converted);
        w.EndRow();
    }
}
