using System.Text;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// A UTF-8 string column. Dictionary encoded (a dictionary page of the distinct values, then RLE_DICTIONARY indices)
/// until the chunk's distinct values pass the writer's limits, or, past <see cref="ProbeValues"/> values, nearly every
/// value is distinct (ids: a dictionary would only add indices and hashing); then the values so far and the rest are
/// written PLAIN, and so are the column's later chunks in this buffer (a column of mostly distinct values would only
/// fill and drop a dictionary again), or from the start when the writer knows its values are ids
/// (<see cref="AlwaysPlain"/>).
/// </summary>
public sealed class StringColumnBuffer : ColumnBuffer
{
    /// <summary>Values after which a chunk drops its dictionary whenever more than seven eighths of its values are distinct.</summary>
    public const int ProbeValues = 1 << 13;

    private readonly int _maxEntries;
    private readonly int _maxBytes;
    private readonly byte[] _scratch = new byte[256];

    // Dictionary mode: open addressing over entry numbers + 1 (0 empty), at most half full (grown as entries come);
    // the entries' bytes, one after another.
    private int[] _slots = new int[1 << 10];
    private readonly ByteBuffer _entryBytes = new(1 << 12);
    private int[] _entryStart = new int[256];
    private int[] _entryLength = new int[256];
    private int[] _entryHash = new int[256];
    private int _entries;
    private int[] _indices;

    // Interned texts' entries in this chunk's dictionary, by the text's number: valid where the stamp is _chunk's.
    private object? _textOwner;
    private int[] _entryOfText = [];
    private int[] _entryOfTextChunk = [];
    private int _chunk = 1;

    // PLAIN mode: each value as a 4-byte length and its bytes; min and max as positions in it.
    private readonly ByteBuffer _plain = new(1 << 12);
    private bool _isPlain;
    private bool _staysPlain;
    private int _minAt = -1;
    private int _maxAt = -1;

    // The first 8 bytes of the min and max, big-endian and zero-padded: byte order on them is byte order on the
    // values wherever they differ, so the full comparison runs only on a tie (ids rarely tie in 8 bytes).
    private ulong _minPrefix;
    private ulong _maxPrefix;

    internal StringColumnBuffer(ParquetColumn column, int capacity, ParquetWriteOptions options)
        : base(column, capacity)
    {
        _maxEntries = options.DictionaryMaxEntries;
        _maxBytes = options.DictionaryMaxBytes;
        _indices = new int[capacity];
    }

    /// <summary>
    /// Writes PLAIN from now on (call before the chunk's first value): for ids that repeat little, whose dictionary
    /// would cost a hash and a lookup a value for little (zstd finds a session id's few repeats in the plain bytes).
    /// The values' buffer is made large enough for a chunk of <paramref name="bytesPerValue"/>-byte values at once.
    /// </summary>
    public void AlwaysPlain(int bytesPerValue)
    {
        if (Values > 0 && !_isPlain)
            throw new InvalidOperationException($"column {Column.Name} already has dictionary values in this chunk");
        _isPlain = true;
        _staysPlain = true;
        _plain.Reserve(_indices.Length * (sizeof(int) + bytesPerValue));
    }

    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (_isPlain)
            AddPlain(utf8);
        else
            AddToDictionary(utf8);
        Defined();
    }

    /// <summary>Adds an interned text: in dictionary mode, one it had before in this chunk costs an array read.</summary>
    public void Add(Utf8Text text)
    {
        int id = text.Id;
        if (_isPlain || id < 0 || !ReferenceEquals(text.Owner, _textOwner ??= text.Owner))
        {
            Add(text.Bytes);
            return;
        }

        if (id < _entryOfText.Length && _entryOfTextChunk[id] == _chunk)
        {
            Index(_entryOfText[id]);
            Defined();
            return;
        }

        Add(text.Bytes);
        if (_isPlain)
            return;
        if (id >= _entryOfText.Length)
        {
            int size = (int)Math.Max(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)id + 1));
            Array.Resize(ref _entryOfText, size);
            Array.Resize(ref _entryOfTextChunk, size);
        }

        _entryOfText[id] = _indices[Values - 1];
        _entryOfTextChunk[id] = _chunk;
    }

    /// <summary>Adds an interned text <paramref name="count"/> times (a run of events from one input).</summary>
    public void Add(Utf8Text text, int count)
    {
        if (count == 0)
            return;
        Add(text);
        if (_isPlain)
        {
            for (int i = 1; i < count; i++)
                Add(text.Bytes);
            return;
        }

        int entry = _indices[Values - 1];
        for (int i = 1; i < count; i++)
        {
            Index(entry);
            Defined();
        }
    }

    public void Add(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= _scratch.Length)
        {
            int n = Encoding.UTF8.GetBytes(value, _scratch);
            Add(_scratch.AsSpan(0, n));
        }
        else
        {
            Add(Encoding.UTF8.GetBytes(value));
        }
    }

    private void AddToDictionary(ReadOnlySpan<byte> utf8)
    {
        int hash = Hash(utf8);
        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (true)
        {
            int entry = _slots[slot] - 1;
            if (entry < 0)
                break;
            if (_entryHash[entry] == hash && Entry(entry).SequenceEqual(utf8))
            {
                Index(entry);
                return;
            }

            slot = (slot + 1) & mask;
        }

        if (_entries == _maxEntries || _entryBytes.Length + utf8.Length > _maxBytes || MostlyDistinct())
        {
            FallBackToPlain();
            AddPlain(utf8);
            return;
        }

        if (_entries == _entryStart.Length)
        {
            Array.Resize(ref _entryStart, _entries * 2);
            Array.Resize(ref _entryLength, _entries * 2);
            Array.Resize(ref _entryHash, _entries * 2);
        }

        _entryStart[_entries] = _entryBytes.Length;
        _entryLength[_entries] = utf8.Length;
        _entryHash[_entries] = hash;
        _entryBytes.Write(utf8);
        _slots[slot] = _entries + 1;
        Index(_entries++);
        if (_entries * 2 > _slots.Length)
            GrowSlots();
    }

    // Checked as a new value comes: a chunk of ids would hash and index every value for nothing.
    private bool MostlyDistinct() => Values >= ProbeValues && _entries * 8 > Values * 7;

    private void GrowSlots()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int e = 0; e < _entries; e++)
        {
            int slot = _entryHash[e] & mask;
            while (_slots[slot] != 0)
                slot = (slot + 1) & mask;
            _slots[slot] = e + 1;
        }
    }

    private void Index(int entry)
    {
        int n = Values;
        if (n == _indices.Length)
            Array.Resize(ref _indices, n * 2);
        _indices[n] = entry;
    }

    private void AddPlain(ReadOnlySpan<byte> utf8)
    {
        int at = _plain.Length;
        _plain.WriteInt32(utf8.Length);
        _plain.Write(utf8);
        ulong prefix = Prefix(utf8);
        if (_minAt < 0 || prefix < _minPrefix || (prefix == _minPrefix && utf8.SequenceCompareTo(PlainValue(_minAt)) < 0))
        {
            _minAt = at;
            _minPrefix = prefix;
        }

        if (_maxAt < 0 || prefix > _maxPrefix || (prefix == _maxPrefix && utf8.SequenceCompareTo(PlainValue(_maxAt)) > 0))
        {
            _maxAt = at;
            _maxPrefix = prefix;
        }
    }

    // The dictionary is dropped: the values so far are rewritten PLAIN, in their order.
    private void FallBackToPlain()
    {
        _isPlain = true;
        _staysPlain = true;
        int n = Values;
        for (int i = 0; i < n; i++)
        {
            AddPlain(Entry(_indices[i]));
        }

        ClearDictionary();
    }

    private ReadOnlySpan<byte> PlainValue(int at) => _plain.Slice(at + 4, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(_plain.Slice(at, 4)));

    private protected override long BufferedBytes => _plain.Length + _entryBytes.Length + (4L * Values);

    private protected override (long, long?, byte[]?, byte[]?, int) EncodePages(PageEncoder pages, ByteBuffer output)
    {
        int n = Values;
        if (_isPlain || _entries == 0)
        {
            BeginDataPage(pages);
            pages.Body.Write(_plain.Written);
            long plainPage = output.Length;
            pages.WriteDataPage(output, Rows, ParquetEncodings.Plain);
            return (plainPage, null, n > 0 ? PlainValue(_minAt).ToArray() : null, n > 0 ? PlainValue(_maxAt).ToArray() : null, ParquetEncodings.Plain);
        }

        var body = pages.Body;
        body.Clear();
        int min = 0, max = 0;
        for (int e = 0; e < _entries; e++)
        {
            var value = Entry(e);
            body.WriteInt32(value.Length);
            body.Write(value);
            if (value.SequenceCompareTo(Entry(min)) < 0)
                min = e;
            if (value.SequenceCompareTo(Entry(max)) > 0)
                max = e;
        }

        var (dictionaryPage, dataPage) = WriteDictionaryPages(pages, output, _entries, _indices.AsSpan(0, n));
        return (dataPage, dictionaryPage, Entry(min).ToArray(), Entry(max).ToArray(), ParquetEncodings.RleDictionary);
    }

    private ReadOnlySpan<byte> Entry(int e) => _entryBytes.Slice(_entryStart[e], _entryLength[e]);

    private protected override void Reset()
    {
        ClearDictionary();
        _plain.Clear();
        _minAt = -1;
        _maxAt = -1;
        _isPlain = _staysPlain;
    }

    private void ClearDictionary()
    {
        _chunk++;
        if (_entries > 0)
            Array.Clear(_slots);
        _entries = 0;
        _entryBytes.Clear();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Prefix(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= 8)
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(utf8);
        ulong prefix = 0;
        for (int i = 0; i < utf8.Length; i++)
            prefix |= (ulong)utf8[i] << (56 - (8 * i));
        return prefix;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a over 8-byte words: deterministic (HashCode is seeded per process) and fast on short strings.
        ulong h = 14695981039346656037UL;
        int i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
            h = (h ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8[i..])) * 1099511628211UL;
        for (; i < utf8.Length; i++)
            h = (h ^ utf8[i]) * 1099511628211UL;
        return (int)(h ^ (h >> 29));
    }
}
