namespace ShopStream.Core.Processing;

/// <summary>
/// An append-only list of plain values in fixed-size chunks, for output a partition holds until the end of input
/// (its closed sessions: 1.26M of 56 bytes each at 5M events). Growing adds a chunk, where a <c>List</c> doubles:
/// nothing is copied, and the large object heap is not handed an array twice the size of the last each time, whose
/// growing total (about twice the list's final capacity) brought on full collections of the whole heap.
/// Values hold no references (<c>unmanaged</c>), so emptying it keeps the chunks without clearing them.
/// </summary>
internal sealed class ChunkedList<T>
    where T : unmanaged
{
    // 4,096 values a chunk: for a 56-byte session, 224 KiB, so a chunk is allocated once per 4,096 sessions.
    private const int ChunkShift = 12;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private T[][] _chunks = [];

    public int Count { get; private set; }

    public ref readonly T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _chunks[index >> ChunkShift][index & ChunkMask];
        }
    }

    public void Add(in T value)
    {
        int chunk = Count >> ChunkShift;
        if (chunk == _chunks.Length)
            Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
        (_chunks[chunk] ??= new T[ChunkSize])[Count & ChunkMask] = value;
        Count++;
    }

    /// <summary>Empties the list, keeping its chunks for the values added next.</summary>
    public void Clear() => Count = 0;

    public Enumerator GetEnumerator() => new(this);

    /// <summary>The values in the order added, each read where it lies.</summary>
    public struct Enumerator(ChunkedList<T> list)
    {
        private int _at = -1;

        public readonly ref readonly T Current => ref list[_at];

        public bool MoveNext() => ++_at < list.Count;
    }
}
