using System.Globalization;
using System.Text;
using ShopStream.Core.Output;

namespace ShopStream.Core.Tests;

/// <summary>The CSV writer's cached paths (dates by day, text bytes by value) write what the plain formats write.</summary>
public sealed class Utf8RowWriterTests
{
    [Fact]
    public void Times_on_many_days_and_with_fractions_format_as_Iso8601()
    {
        var random = new Random(3);
        var t0 = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var times = new List<DateTime>();
        for (int i = 0; i < 5_000; i++)
        {
            // Days far apart share a cache slot (64 days): jumping between them must not reuse another day's date.
            var t = t0.AddDays(random.Next(0, 200)).AddSeconds(random.Next(0, 86_400));
            times.Add(i % 10 == 0 ? t.AddTicks(random.Next(1, (int)TimeSpan.TicksPerSecond)) : t);
        }

        var expected = new StringBuilder();
        var buffer = new byte[64];
        foreach (var t in times)
            expected.Append(Encoding.ASCII.GetString(buffer, 0, Iso8601.Format(t, buffer))).Append('\n');
        Assert.Equal(expected.ToString(), Write(w => times.ForEach(t =>
        {
            w.Time(t);
            w.EndRow();
        })));
        Assert.Equal("2019-10-01T00:00:00Z", Encoding.ASCII.GetString(buffer, 0, Iso8601.Format(t0, buffer)));
    }

    [Fact]
    public void Many_distinct_texts_are_written_and_quoted_as_given()
    {
        // More values than the writer's cache slots, some repeated, some needing quotes.
        var values = Enumerable.Range(0, 5_000).Select(i => i % 7 == 0 ? $"brand \"{i}\", ltd" : $"category.{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var random = new Random(5);
        var picks = Enumerable.Range(0, 20_000).Select(_ => values[random.Next(values.Count)]).ToList();

        string written = Write(w => picks.ForEach(v =>
        {
            w.Text(v);
            w.EndRow();
        }));

        string Csv(string v) => v.Contains(',') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
        Assert.Equal(string.Concat(picks.Select(v => Csv(v) + "\n")), written);
    }

    private static string Write(Action<Utf8RowWriter> write)
    {
        using var s = new MemoryStream();
        using (var w = new Utf8RowWriter(s))
            write(w);
        return Encoding.UTF8.GetString(s.ToArray());
    }
}
