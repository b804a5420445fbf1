using ShopStream.Core.Processing;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake writer thread's loop while the run reads: each queued block's events, in input order, into bronze and
/// silver through <see cref="SilverSpool"/>: an event whose fingerprint was not read before to its day's row group,
/// which is bronze's too; one that was (a duplicate, which silver leaves out) to a row group for bronze alone.
/// </summary>
internal sealed class BronzeFeed(BronzeFiles bronze, SilverSpool silver, HandOffQueue<EventBlock> queue, Utf8Strings utf8, int expectedEvents)
{
    // Past this many, a hint makes no larger set at once (two gigabytes of slots): a larger run grows it as it reads.
    private const int MaxExpectedEvents = 1 << 26;

    private readonly FlatSet<UInt128> _fingerprints = new(expectedEvents);
    private string? _source;
    private Utf8Text? _sourceUtf8;

    /// <summary>Events to size the fingerprint set for, from the input's size (<see cref="LakeRunOptions.InputBytes"/>): 0 when unknown.</summary>
    public static int ExpectedEvents(long? inputBytes) => inputBytes is { } bytes ? (int)Math.Min(bytes / 160, MaxExpectedEvents) : 0;

    /// <summary>Events written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Events left out of silver: their fingerprint was read before (by input, then line).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Until the queue is done (then every row is written out) or the run abandoned.</summary>
    public void WriteFiles(CancellationToken abandon)
    {
        try
        {
            foreach (var block in queue.Consume())
            {
                if (abandon.IsCancellationRequested)
                    return;
                Write(block);
                queue.Return(block);
            }

            if (abandon.IsCancellationRequested)
                return;
            silver.Complete();
            bronze.Complete();
        }
        finally
        {
            _fingerprints.Release();
        }
    }

    private void Write(EventBlock block)
    {
        if (!ReferenceEquals(block.Source, _source))
        {
            _source = block.Source;
            _sourceUtf8 = utf8.Of(_source);
        }

        var rows = block.Events.AsSpan(0, block.Count);
        if (rows.Length > 0)
            _fingerprints.Prefetch(rows[0].Fingerprint);
        for (int i = 0; i < rows.Length; i++)
        {
            // The next event's slot loads while this one is encoded (about a microsecond, longer than a memory read).
            if (i + 1 < rows.Length)
                _fingerprints.Prefetch(rows[i + 1].Fingerprint);
            ref readonly var e = ref rows[i];
            if (_fingerprints.Add(e.Fingerprint))
            {
                silver.Add(in e, _sourceUtf8!, block.Lines[i]);
            }
            else
            {
                silver.AddDuplicate(in e, _sourceUtf8!, block.Lines[i]);
                Duplicates++;
            }
        }

        Rows += rows.Length;
    }
}
