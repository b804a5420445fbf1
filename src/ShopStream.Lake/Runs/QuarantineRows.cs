using System.Text.Json;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// <c>quarantine/rejected</c>'s rows from a run's dead-letter file (JSON lines, as <c>DeadLetterWriter</c> writes
/// them): <c>source</c>, <c>line</c>, <c>reason</c>, <c>raw</c> or <c>raw_base64</c>, and <c>raw_bytes</c> and
/// <c>truncated</c> for a record cut short; absent fields are NULL. Written by the lake's own Parquet writer, so a run
/// never loads DuckDB (loading it took about 0.1 s of CPU, a tenth of what the lake then cost a million events).
/// </summary>
internal static class QuarantineRows
{
    // A dead letter holds at most the reader's record limit of raw text, escaped: far less than this.
    private const int MaxLineBytes = 64 << 20;

    /// <summary>Writes every record of <paramref name="rejectedFile"/> (none when it does not exist) into <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not a dead letter.</exception>
    public static void Write(ParquetFileWriter file, string rejectedFile)
    {
        if (!File.Exists(rejectedFile))
            return;
        using var input = new FileStream(rejectedFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        long lineNumber = 0;
        while (true)
        {
            int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                lineNumber++;
                Row(file, buffer.AsSpan(start, newline), rejectedFile, lineNumber);
                start += newline + 1;
                continue;
            }

            // No whole line left in the buffer: keep the partial one, and read more (growing for a long line).
            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxLineBytes)
                    throw new InvalidDataException($"{rejectedFile}:{lineNumber + 1}: a dead letter over {MaxLineBytes} bytes");
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = input.Read(buffer, end, buffer.Length - end);
            if (read == 0)
                break;
            end += read;
        }

        if (end > start)
            Row(file, buffer.AsSpan(start, end - start), rejectedFile, lineNumber + 1);
    }

    private static void Row(ParquetFileWriter file, ReadOnlySpan<byte> json, string rejectedFile, long lineNumber)
    {
        if (json.IsEmpty)
            return;
        string? source = null, reason = null, raw = null, rawBase64 = null;
        long? line = null, rawBytes = null;
        bool? truncated = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException("not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "source": source = reader.GetString(); break;
                    case "line": line = reader.GetInt64(); break;
                    case "reason": reason = reader.GetString(); break;
                    case "raw": raw = reader.GetString(); break;
                    case "raw_base64": rawBase64 = reader.GetString(); break;
                    case "raw_bytes": rawBytes = reader.GetInt64(); break;
                    case "truncated": truncated = reader.GetBoolean(); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{rejectedFile}:{lineNumber}: not a dead letter ({ex.Message})", ex);
        }

        if (source is null || line is null || reason is null)
            throw new InvalidDataException($"{rejectedFile}:{lineNumber}: a dead letter needs source, line and reason");
        file.String(0).Add(source);
        file.Int64(1).Add(line.Value);
        file.String(2).Add(reason);
        Text(file.String(3), raw);
        Text(file.String(4), rawBase64);
        if (rawBytes is { } bytes)
            file.Int64(5).Add(bytes);
        else
            file.Int64(5).AddNull();
        if (truncated is { } t)
            file.Boolean(6).Add(t);
        else
            file.Boolean(6).AddNull();
        file.EndRow();
    }

    private static void Text(StringColumnBuffer column, string? value)
    {
        if (value is null)
            column.AddNull();
        else
            column.Add(value);
    }
}
