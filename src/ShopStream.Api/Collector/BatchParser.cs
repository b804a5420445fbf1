using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Api.Collector;

/// <summary>
/// Reads a collector request body into events, validating each exactly as the JSON-lines reader does (the same
/// <see cref="JsonLinesParser"/>, the same UTF-8 check and record size limit, the same SPEC reason names). A body
/// starting with <c>[</c> is a JSON array of event objects; anything else is JSON lines (one object per line,
/// blank lines skipped). Not thread-safe: one per request.
/// </summary>
/// <param name="latestTicks">The latest event time accepted (UTC ticks): later is <c>event_time</c> (<see cref="ServeOptions.MaxFuture"/>).</param>
internal sealed class BatchParser(int maxEvents, int maxEventBytes, long latestTicks = long.MaxValue)
{
    private readonly JsonLinesParser _parser = new(new StringPool());

    /// <summary>Parses a batch; throws <see cref="JsonException"/> for an array that is not valid JSON and
    /// <see cref="BatchTooLargeException"/> for more than the allowed events.</summary>
    public ParsedBatch ParseBatch(ReadOnlySpan<byte> body)
    {
        var batch = new ParsedBatch();
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'[')
            ParseArray(trimmed, batch);
        else
            ParseLines(body, batch);
        return batch;
    }

    /// <summary>A body of one event (<c>POST /api/collect</c>) as a batch of one.</summary>
    public ParsedBatch ParseSingle(ReadOnlySpan<byte> body)
    {
        var batch = new ParsedBatch();
        Add(body, batch);
        return batch;
    }

    /// <summary>One event: null and the event, or the reason it was rejected.</summary>
    public RejectReason ParseOne(ReadOnlySpan<byte> record, out ShopEvent e)
    {
        e = default;
        if (record.Length > maxEventBytes)
            return RejectReason.TooLarge;
        if (!RecordText.IsValid(record))
            return RejectReason.Encoding;
        var reason = _parser.Parse(record, ref e);
        return reason == RejectReason.None && e.EventTimeTicks > latestTicks ? RejectReason.EventTime : reason;
    }

    private void ParseArray(ReadOnlySpan<byte> body, ParsedBatch batch)
    {
        // The array's own reader takes any nesting (it keeps no stack but a bit per level, and the body is size
        // limited): an event nested deeper than events go is that event's rejection ("json", by the parser), not
        // the whole batch's refusal as malformed JSON, as it is one line among JSON lines.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            long start = reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
            Add(body[(int)start..(int)reader.BytesConsumed], batch);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
            throw new JsonException("the JSON array is not closed");
        if (reader.Read())
            throw new JsonException($"unexpected data after the JSON array at byte {reader.TokenStartIndex}");
    }

    private void ParseLines(ReadOnlySpan<byte> body, ParsedBatch batch)
    {
        while (!body.IsEmpty)
        {
            int nl = body.IndexOf((byte)'\n');
            var line = nl < 0 ? body : body[..nl];
            body = nl < 0 ? default : body[(nl + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
                line = line[..^1];
            if (line.Trim(" \t"u8).IsEmpty)
                continue;
            Add(line, batch);
        }
    }

    private void Add(ReadOnlySpan<byte> record, ParsedBatch batch)
    {
        if (batch.Count == maxEvents)
            throw new BatchTooLargeException($"a batch holds at most {maxEvents} events");
        int index = batch.Count++;
        var reason = ParseOne(record, out var e);
        if (reason == RejectReason.None)
            batch.Events.Add(e);
        else
            batch.Reject(index, reason, record);
    }
}
