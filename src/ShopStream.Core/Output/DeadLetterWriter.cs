using System.Text.Json;
using System.Text.Unicode;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Output;

/// <summary>
/// The dead-letter output: one JSON object per rejected record, with <c>source</c>, <c>line</c>, <c>reason</c>
/// and the raw text (<c>raw</c>; <c>raw_base64</c> instead when it is not valid UTF-8). A record cut short because
/// it was over the size limit also has <c>raw_bytes</c> (its full length) and <c>truncated: true</c>.
/// </summary>
public sealed class DeadLetterWriter(Stream output) : IRejectSink, IDisposable
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { SkipValidation = true });

    public long Count { get; private set; }

    /// <summary>
    /// Opens <paramref name="path"/> for a run resumed from a checkpoint: cut back to the <paramref name="length"/>
    /// the checkpoint recorded, so the records replayed after it are not written twice. A file shorter than that
    /// lost what the checkpoint covers: a <see cref="Checkpoints.CheckpointException"/>.
    /// </summary>
    public static DeadLetterWriter OpenResumed(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        if (file.Length < length)
        {
            long found = file.Length;
            file.Dispose();
            throw new Checkpoints.CheckpointException($"{path} holds {found} bytes but the checkpoint covers {length}; run with --from-scratch to start over");
        }

        file.SetLength(length);
        file.Seek(0, SeekOrigin.End);
        return new DeadLetterWriter(file);
    }

    public void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("source", source);
        _json.WriteNumber("line", line);
        _json.WriteString("reason", RejectReasons.Name(reason));
        if (Utf8.IsValid(raw))
            _json.WriteString("raw", raw);
        else
            _json.WriteBase64String("raw_base64", raw);
        if (rawLength > raw.Length)
        {
            _json.WriteNumber("raw_bytes", rawLength);
            _json.WriteBoolean("truncated", true);
        }

        _json.WriteEndObject();
        _json.Flush();
        output.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Pushes everything written so far to the underlying stream.</summary>
    public void Flush()
    {
        _json.Flush();
        output.Flush();
    }

    /// <summary>Makes everything written so far durable (fsync when the output is a file) and returns the output's length: what a checkpoint records.</summary>
    public long FlushToDisk()
    {
        _json.Flush();
        if (output is FileStream file)
            file.Flush(flushToDisk: true);
        else
            output.Flush();
        return output.Position;
    }

    public void Dispose()
    {
        _json.Dispose();
        output.Flush();
    }
}
