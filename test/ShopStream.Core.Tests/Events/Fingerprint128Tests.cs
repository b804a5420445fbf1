using ShopStream.Core.Events;

namespace ShopStream.Core.Tests.Events;

public class Fingerprint128Tests
{
    // Checkpoints store fingerprints: the buffered Of must give exactly the word-by-word value, for every mix of
    // optional fields, for empty and odd-length text and for text too long for its buffer.
    [Fact]
    public void Buffered_fingerprint_equals_the_word_by_word_definition()
    {
        var random = new Random(128);
        for (int n = 0; n < 5000; n++)
        {
            var e = new ShopEvent
            {
                EventTimeTicks = random.NextInt64(),
                UserId = random.NextInt64(),
                ProductId = random.NextInt64(),
                CategoryId = random.Next(3) == 0 ? 0 : random.NextInt64(),
                Price = new decimal(random.Next(), random.Next(2) * random.Next(), 0, random.Next(2) == 0, (byte)random.Next(6)),
                Quantity = random.Next(-5, 100),
                Type = (EventType)random.Next(4),
                SessionId = random.Next(2) == 0 ? Guid.Empty : new Guid(random.Next(), (short)random.Next(), (short)random.Next(), 1, 2, 3, 4, 5, 6, 7, (byte)n),
                CategoryCode = Text(random),
                Brand = Text(random),
                SessionText = Text(random),
                SourceEventId = Text(random),
                OrderId = Text(random),
                Country = Text(random),
                UserAgent = random.Next(10) == 0 ? new string('u', random.Next(100, 400)) : Text(random),
                Ip = Text(random),
            };

            Assert.Equal(Fingerprint128.OfStreamed(e), Fingerprint128.Of(e));
        }
    }

    private static string? Text(Random random) => random.Next(3) switch
    {
        0 => null,
        1 => new string((char)random.Next('a', 'z'), random.Next(0, 20)),
        _ => "electronics.smartphone.é" + random.Next(1000),
    };
}
