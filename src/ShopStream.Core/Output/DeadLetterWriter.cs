using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Output;

/// <summary>
/// The dead-letter output: one JSON object per rejected record, with <c>source</c>, <c>line</c>, <c>reason</c>
/// and the raw text (<c>raw</c>; <c>raw_base64</c> instead when it is not valid UTF-8). A record cut short because
/// it was over the size limit also has <c>raw_bytes</c> (its full length) and <c>truncated: true</c>.
/// </summary>
/// <remarks>
/// Records are gathered here and written to the output in whole lines, 64 KB or so at a time, so that
/// <see cref="Abandon"/> can drop what is not written yet: a Kafka instance that lost a partition must not write its
/// late events into the file the partition's next owner has already cut back to its checkpoint (a write at the old
/// position then leaves a run of NUL bytes, or overwrites the new owner's lines).
/// </remarks>
public sealed class DeadLetterWriter : IRejectSink, IDisposable
{
    private const int WriteAt = 1 << 16;

    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly ArrayBufferWriter<byte> _pending = new(WriteAt + 4096);
    private readonly Utf8JsonWriter _json;
    private bool _closed;

    /// <param name="ownsOutput">Whether disposing (or abandoning) the writer disposes <paramref name="output"/>.</param>
    public DeadLetterWriter(Stream output, bool ownsOutput = false)
    {
        _output = output;
        _ownsOutput = ownsOutput;
        _json = new Utf8JsonWriter(_pending, new JsonWriterOptions { SkipValidation = true });
    }

    public long Count { get; private set; }

    /// <summary>
    /// Opens <paramref name="path"/> (a writer that owns it) for a run resumed from a checkpoint: cut back to the
    /// <paramref name="length"/> the checkpoint recorded, so the records replayed after it are not written twice. A
    /// file shorter than that lost what the checkpoint covers: a <see cref="Checkpoints.CheckpointException"/>.
    /// </summary>
    public static DeadLetterWriter OpenResumed(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = Unbuffered(path, FileMode.OpenOrCreate);
        if (file.Length < length)
        {
            long found = file.Length;
            file.Dispose();
            throw new Checkpoints.CheckpointException($"{path} holds {found} bytes but the checkpoint covers {length}; run with --from-scratch to start over");
        }

        file.SetLength(length);
        file.Seek(0, SeekOrigin.End);
        return new DeadLetterWriter(file, ownsOutput: true);
    }

    /// <summary>Creates (or empties) <paramref name="path"/> for a writer that owns it.</summary>
    public static DeadLetterWriter Create(string path) => new(Unbuffered(path, FileMode.Create), ownsOutput: true);

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
        _pending.Write("\n"u8);
        Count++;
        if (_pending.WrittenCount >= WriteAt)
            WritePending();
    }

    /// <summary>Pushes everything written so far to the underlying stream.</summary>
    public void Flush()
    {
        WritePending();
        _output.Flush();
    }

    /// <summary>Makes everything written so far durable (fsync when the output is a file) and returns the output's length: what a checkpoint records.</summary>
    public long FlushToDisk()
    {
        WritePending();
        if (_output is FileStream file)
            file.Flush(flushToDisk: true);
        else
            _output.Flush();
        return _output.Position;
    }

    /// <summary>
    /// Drops the records not written yet and lets the output go without writing anything more: for a partition this
    /// instance no longer owns, whose file its next owner may already be writing.
    /// </summary>
    public void Abandon()
    {
        _pending.ResetWrittenCount();
        Close();
    }

    public void Dispose()
    {
        if (_closed)
            return;
        try
        {
            WritePending();
            _output.Flush();
        }
        finally
        {
            Close(); // a full disk still lets the file go
        }
    }

    private void WritePending()
    {
        if (_pending.WrittenCount == 0)
            return;
        _output.Write(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }

    private void Close()
    {
        _closed = true;
        _json.Dispose();
        if (_ownsOutput)
            _output.Dispose();
    }

    // The writer gathers whole lines itself (see the remarks), so the file keeps no buffer of its own that disposing
    // it would write out.
    private static FileStream Unbuffered(string path, FileMode mode) => new(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0);
}
