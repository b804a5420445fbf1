using ShopStream.Core.Events;
using ShopStream.Core.Ingest;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The run's accepted events as read, kept in blocks (the events are structs, their strings shared with the
/// pipeline's interned ones) with each one's input and line, until the run's sessions are known. Adding a batch is
/// an array copy, so the reader thread, the pipeline's critical path, barely notices the lake.
/// </summary>
internal sealed class StagedEvents
{
    public const int BlockSize = 1 << 16;

    private readonly List<ShopEvent[]> _events = [];
    private readonly List<long[]> _lines = [];
    private readonly List<int[]> _sources = [];
    private readonly List<string> _sourceNames = [];

    public long Count { get; private set; }

    public IReadOnlyList<string> SourceNames => _sourceNames;

    public void Add(EventBatch batch)
    {
        if (_sourceNames.Count == 0 || !ReferenceEquals(_sourceNames[^1], batch.Source))
            _sourceNames.Add(batch.Source);
        int source = _sourceNames.Count - 1;
        for (int i = 0; i < batch.Count;)
        {
            int at = (int)(Count % BlockSize);
            if (at == 0)
            {
                _events.Add(new ShopEvent[BlockSize]);
                _lines.Add(new long[BlockSize]);
                _sources.Add(new int[BlockSize]);
            }

            int n = Math.Min(batch.Count - i, BlockSize - at);
            Array.Copy(batch.Events, i, _events[^1], at, n);
            var lines = _lines[^1];
            var sources = _sources[^1];
            for (int k = 0; k < n; k++)
            {
                lines[at + k] = batch.LineOf(i + k);
                sources[at + k] = source;
            }

            i += n;
            Count += n;
        }
    }

    public ref readonly ShopEvent Event(long index) => ref _events[(int)(index / BlockSize)][index % BlockSize];

    public long Line(long index) => _lines[(int)(index / BlockSize)][index % BlockSize];

    public int Source(long index) => _sources[(int)(index / BlockSize)][index % BlockSize];

    /// <summary>Which events repeat an earlier one's fingerprint (the pipeline's dedup, without its horizon), in arrival order.</summary>
    public bool[] Duplicates(out long count)
    {
        var seen = new HashSet<UInt128>();
        var duplicate = new bool[Count];
        count = 0;
        for (long i = 0; i < Count; i++)
        {
            if (!seen.Add(Event(i).Fingerprint))
            {
                duplicate[i] = true;
                count++;
            }
        }

        return duplicate;
    }
}
