using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>Fixed-seed fuzzing: random byte damage to the sample never stops a run and never loses a record.</summary>
public sealed class FuzzTests
{
    private static readonly byte[] s_sample = File.ReadAllBytes(RepoPaths.Rees46Sample);
    private static readonly byte[] s_specials = [(byte)'"', (byte)',', (byte)'\n', (byte)'\r', 0xFF, 0xC3, 0x00, (byte)' '];
    // Read rejections, plus "late": a damaged year can move the watermark far ahead, making later events late.
    private static readonly HashSet<string> s_reasons = [.. RejectReasons.All.ToArray().Select(RejectReasons.Name), RejectReasons.Name(RejectReason.Late)];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 30)];

    private static byte[] Mutate(int seed)
    {
        var rng = new Random(seed);
        var bytes = new List<byte>(s_sample);
        int mutations = 1 + rng.Next(60);
        for (int m = 0; m < mutations; m++)
        {
            // Positions from 2 on: the first two bytes are where gzip's magic number would be.
            int at = 2 + rng.Next(bytes.Count - 2);
            switch (rng.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes.Insert(at, (byte)rng.Next(256)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.Insert(at, s_specials[rng.Next(s_specials.Length)]); break;
                default: bytes.RemoveRange(at, Math.Min(rng.Next(1, 200), bytes.Count - at)); break;
            }
        }

        return [.. bytes];
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Damaged_input_is_read_to_the_end_without_losing_a_record(int seed)
    {
        var damaged = Mutate(seed);

        var run = TestPipeline.Run(damaged, InputFormat.Rees46, TestPipeline.Options(1 + seed % 3, 1 + seed % 2) with { BatchSize = 1 + seed * 37 });

        var s = run.Summary;
        Assert.Equal(s.EventsRead, s.EventsAccepted + s.EventsRejected);
        Assert.Equal(s.EventsRejected + s.LateEventsDropped, run.DeadLetterText.Count(c => c == '\n'));
        Assert.Equal(s.EventsRejected, s.RejectedByReason.Sum(r => r.Value));
        Assert.Equal(s.EventsAccepted - s.DuplicatesDropped, s.EventsByType.Sum(t => t.Value));
        Assert.Equal(s.EventsAccepted - s.DuplicatesDropped, run.Result.Profiles.Sum(p => (long)p.Events));
        Assert.Equal(s.EventsAccepted - s.DuplicatesDropped, run.Result.Sessions.Sum(x => (long)x.Events));
        Assert.All(run.DeadLetters, d =>
        {
            Assert.Contains(d.GetProperty("reason").GetString()!, s_reasons);
            Assert.True(d.TryGetProperty("raw", out _) || d.TryGetProperty("raw_base64", out _));
            Assert.Equal(JsonValueKind.Number, d.GetProperty("line").ValueKind);
        });
        Assert.True(s.EventsRead > 0);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(24)]
    public void Damaged_input_gives_the_same_outputs_and_dead_letters_whatever_the_threads(int seed)
    {
        var damaged = Mutate(seed);

        var one = TestPipeline.Run(damaged, InputFormat.Rees46, TestPipeline.Options(1, 1) with { BatchSize = 50 });
        var many = TestPipeline.Run(damaged, InputFormat.Rees46, TestPipeline.Options(5, 3) with { BatchSize = 13 });

        Assert.True(one.Summary.EventsRejected > 0);
        Assert.Equal(one.DeadLetterText, many.DeadLetterText);
        Assert.Equal(TestPipeline.SummaryBytesOf(one.Summary), TestPipeline.SummaryBytesOf(many.Summary));
        Assert.Equal(TestPipeline.ProfilesCsvOf(one.Result), TestPipeline.ProfilesCsvOf(many.Result));
        Assert.Equal(TestPipeline.SessionsCsvOf(one.Result), TestPipeline.SessionsCsvOf(many.Result));
    }
}
