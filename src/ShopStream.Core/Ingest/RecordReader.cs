using System.Buffers;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Splits a byte stream into records over one pooled buffer: LF or CRLF line ends, a UTF-8 BOM skipped, and
/// (for CSV) line ends inside quoted fields kept in the record. A record longer than the limit is reported as
/// <see cref="RecordStatus.TooLarge"/> with its first <see cref="RawPrefixBytes"/> bytes, and skipped without
/// being held in memory. Line numbers are 1-based and count physical lines.
/// </summary>
public sealed class RecordReader : IDisposable
{
    public const int DefaultMaxRecordBytes = 64 * 1024;
    public const int RawPrefixBytes = 1024;

    private readonly Stream _stream;
    private readonly int _maxRecord;
    private byte[] _current = [];
    private int _currentStart;
    private int _currentLength;
    private readonly byte[] _prefix = new byte[RawPrefixBytes];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _atStreamStart = true;
    private bool _drained;
    private long _nextLine = 1;

    public RecordReader(Stream stream, bool csvQuotes, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 16);
        _stream = stream;
        CsvQuotes = csvQuotes;
        _maxRecord = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1 << 20, maxRecordBytes * 2 + 4096));
    }

    /// <summary>
    /// Called just before a read that may wait for input: the previous read returned less than asked for (a pipe that
    /// was drained), so whoever holds records read so far can hand them on instead of holding them while the writer pauses.
    /// </summary>
    public Action? BeforeWait { get; set; }

    /// <summary>Whether quoted fields may hold line ends (CSV). Settable once the format is known from the first line.</summary>
    public bool CsvQuotes { get; set; }

    /// <summary>The record last read (the first bytes only, for <see cref="RecordStatus.TooLarge"/>); valid until the next read.</summary>
    public ReadOnlySpan<byte> Current => _current.AsSpan(_currentStart, _currentLength);

    /// <summary>First line number of the record last returned.</summary>
    public long Line { get; private set; }

    /// <summary>Physical lines the record last returned spans: 1 but for quoted line breaks inside it.</summary>
    public long Lines { get; private set; }

    /// <summary>The record last returned ran to the end of the input inside a quoted field: a quote left open.</summary>
    public bool EndsInOpenQuote { get; private set; }

    /// <summary>The record last returned is the input's last and no line break ends it: the input ends mid-line.</summary>
    public bool Unterminated { get; private set; }

    /// <summary>Full length in bytes of the record last returned (larger than the span for <see cref="RecordStatus.TooLarge"/>).</summary>
    public long RecordLength { get; private set; }

    public RecordStatus Read()
    {
        int scan = _start;
        bool inQuotes = false;
        int innerLines = 0;
        bool skipping = false;
        long skipped = 0;
        int prefixLength = 0;
        byte lastDropped = 0;
        while (true)
        {
            int newline = FindRecordEnd(ref scan, ref inQuotes, ref innerLines);
            if (newline >= 0 || (_eof && (_end > _start || skipping)))
            {
                int stop = newline >= 0 ? newline : _end;
                int length = stop - _start;
                Line = _nextLine;
                // At the end of the input, a line break inside quotes may be the file's last byte: no line after it.
                bool endsWithLf = length > 0 ? _buffer[stop - 1] == '\n' : skipping && lastDropped == '\n';
                Lines = innerLines + (newline < 0 && endsWithLf ? 0 : 1);
                EndsInOpenQuote = newline < 0 && inQuotes;
                Unterminated = newline < 0 && !endsWithLf;
                _nextLine += innerLines + (newline >= 0 ? 1 : 0);
                int next = newline >= 0 ? newline + 1 : _end;
                // CRLF: the '\r' is not part of the record. When skipping, it may already have been dropped.
                bool endsWithCr = length > 0 ? _buffer[stop - 1] == '\r' : skipping && lastDropped == '\r';
                if (endsWithCr)
                {
                    if (length > 0)
                        length--;
                    else
                        skipped--;
                }

                if (skipping || length > _maxRecord)
                {
                    if (!skipping)
                        prefixLength = CopyPrefix(length);
                    RecordLength = skipped + length;
                    _start = next;
                    SetCurrent(_prefix, 0, prefixLength);
                    return RecordStatus.TooLarge;
                }

                SetCurrent(_buffer, _start, length);
                RecordLength = length;
                _start = next;
                return RecordStatus.Record;
            }

            if (_eof)
            {
                SetCurrent([], 0, 0);
                return RecordStatus.End;
            }

            if (_end - _start > _maxRecord)
            {
                // Over the limit with no end in sight: keep the prefix for the dead letter and drop the rest as we go.
                if (!skipping)
                    prefixLength = CopyPrefix(_end - _start);
                skipping = true;
                if (scan > _start)
                    lastDropped = _buffer[scan - 1];
                skipped += scan - _start;
                _start = scan;
            }

            Fill(ref scan);
        }
    }

    private void SetCurrent(byte[] array, int start, int length)
    {
        _current = array;
        _currentStart = start;
        _currentLength = length;
    }

    private int CopyPrefix(int available)
    {
        int n = Math.Min(RawPrefixBytes, available);
        _buffer.AsSpan(_start, n).CopyTo(_prefix);
        return n;
    }

    // Finds the '\n' that ends the current record, from scan on; -1 when the buffer ends first (scan then marks
    // where to resume). Tracks quoted fields for CSV: a quote opens one only at the start of a field.
    private int FindRecordEnd(ref int scan, ref bool inQuotes, ref int innerLines)
    {
        if (!CsvQuotes)
        {
            int i = _buffer.AsSpan(scan, _end - scan).IndexOf((byte)'\n');
            if (i < 0)
            {
                scan = _end;
                return -1;
            }

            return scan + i;
        }

        while (true)
        {
            int i = _buffer.AsSpan(scan, _end - scan).IndexOfAny((byte)'"', (byte)'\n');
            if (i < 0)
            {
                scan = _end;
                return -1;
            }

            int p = scan + i;
            if (_buffer[p] == '\n')
            {
                if (!inQuotes)
                    return p;
                innerLines++;
                scan = p + 1;
                continue;
            }

            if (inQuotes)
            {
                if (p + 1 == _end && !_eof)
                {
                    scan = p; // need the next byte to tell an escaped quote from a closing one
                    return -1;
                }

                if (p + 1 < _end && _buffer[p + 1] == '"')
                {
                    scan = p + 2;
                    continue;
                }

                inQuotes = false;
            }
            else if (p == _start || _buffer[p - 1] == ',')
            {
                inQuotes = true;
            }

            scan = p + 1;
        }
    }

    private void Fill(ref int scan)
    {
        if (_start > 0)
        {
            int live = _end - _start;
            _buffer.AsSpan(_start, live).CopyTo(_buffer);
            scan -= _start;
            _start = 0;
            _end = live;
        }

        if (_drained)
            BeforeWait?.Invoke();
        int asked = _buffer.Length - _end;
        int read = _stream.Read(_buffer, _end, asked);
        _drained = read < asked;
        if (read == 0)
        {
            _eof = true;
            return;
        }

        _end += read;
        if (_atStreamStart)
            SkipByteOrderMark(ref scan);
    }

    // A BOM can only stand at offset 0 of the stream; read until 3 bytes are there (a pipe may deliver fewer).
    private void SkipByteOrderMark(ref int scan)
    {
        while (_end < 3)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
                break;
            _end += read;
        }

        _atStreamStart = false;
        if (_end >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
        {
            _start = 3;
            scan = Math.Max(scan, 3);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
