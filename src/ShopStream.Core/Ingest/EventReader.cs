using System.Text.Unicode;
using ShopStream.Core.Events;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Reads every input in order, validates each record, hands accepted events on in batches and rejected ones to
/// the dead-letter sink. Nothing is lost: <c>read = accepted + rejected</c>. Single-threaded by design: the
/// order of events it produces is the arrival order the stream operators see, so runs are deterministic.
/// </summary>
public sealed class EventReader(IReadOnlyList<InputFile> inputs, InputFormat? format, IRejectSink rejects, int batchSize = 4096)
{
    private readonly StringPool _pool = new();
    private readonly Dictionary<InputFormat, IRecordParser> _parsers = [];
    private long _bytesRead;

    public ReadCounters Counters { get; } = new();

    /// <summary>Total input size in bytes, when every input has a known size.</summary>
    public long? TotalBytes => inputs.All(i => i.Length.HasValue) ? inputs.Sum(i => i.Length!.Value) : null;

    /// <summary>Bytes of input consumed so far (for progress; safe from another thread).</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>Reads everything; <paramref name="onBatch"/> gets a reused array and must copy what it keeps.</summary>
    public void ReadAll(Action<ShopEvent[], int> onBatch, CancellationToken cancellationToken = default)
    {
        var batch = new ShopEvent[batchSize];
        int count = 0;
        long done = 0;
        foreach (var input in inputs)
        {
            using var stream = input.Open(out var raw);
            using var records = new RecordReader(stream, csvQuotes: format is not null and not InputFormat.JsonLines);
            IRecordParser? parser = format is { } f ? Parser(f) : null;
            bool first = true;
            while (true)
            {
                var status = ReadRecord(records, input);
                if (status == RecordStatus.End)
                    break;
                var record = records.Current;
                if (first)
                {
                    first = false;
                    parser ??= DetectParser(record, input, records);
                    if (parser.IsHeader(record))
                        continue;
                }

                if (status == RecordStatus.TooLarge)
                {
                    Reject(input, records, RejectReason.TooLarge, record);
                    continue;
                }

                if (record.IsWhiteSpaceOnly())
                    continue; // a blank line carries no record

                var reason = Utf8.IsValid(record) ? parser!.Parse(record, ref batch[count]) : RejectReason.Encoding;
                if (reason != RejectReason.None)
                {
                    Reject(input, records, reason, record);
                    continue;
                }

                Counters.CountAccepted();
                if (++count == batch.Length)
                {
                    onBatch(batch, count);
                    count = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (raw.CanSeek)
                        Volatile.Write(ref _bytesRead, done + raw.Position);
                }
            }

            done += input.Length ?? 0;
            Volatile.Write(ref _bytesRead, done);
        }

        if (count > 0)
            onBatch(batch, count);
    }

    private static RecordStatus ReadRecord(RecordReader records, InputFile input)
    {
        try
        {
            return records.Read();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new InputException($"error reading '{input.Name}' after line {records.Line}: {ex.Message}", ex);
        }
    }

    private IRecordParser DetectParser(ReadOnlySpan<byte> first, InputFile input, RecordReader records)
    {
        var detected = FormatDetector.Detect(first)
            ?? throw new InputException($"cannot tell the format of '{input.Name}' from its first line; pass --format rees46|orders|jsonl");
        records.CsvQuotes = detected != InputFormat.JsonLines;
        return Parser(detected);
    }

    private IRecordParser Parser(InputFormat f)
    {
        if (!_parsers.TryGetValue(f, out var parser))
            _parsers[f] = parser = FormatDetector.CreateParser(f, _pool);
        return parser;
    }

    private void Reject(InputFile input, RecordReader records, RejectReason reason, ReadOnlySpan<byte> raw)
    {
        Counters.CountRejected(reason);
        rejects.Reject(input.Name, records.Line, reason, raw, records.RecordLength);
    }
}
