using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ShopStream.Cli.Http;

/// <summary>
/// A write-only stream that posts the JSON lines written to it to the HTTP collector (<c>POST /api/collect/batch</c>),
/// in batches of whole lines: at most <see cref="MaxEvents"/> events or <see cref="MaxBytes"/> bytes, and sooner
/// when a line has waited <see cref="MaxDelay"/> (so a slow, paced stream still arrives steadily). A 429 or 503 is
/// waited out (its Retry-After) and retried, as are network errors and other 5xx, a few times with backoff; any
/// other refusal (a missing or wrong write key, a body over the collector's limit) stops with an
/// <see cref="IOException"/> that says why. Events the collector rejects one by one are counted, not retried.
/// </summary>
internal sealed class CollectorStream : Stream
{
    public const int MaxEvents = 1000;
    public const int MaxBytes = 1 << 20;
    private const int MaxAttempts = 8;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http;
    private readonly Uri _batchUri;
    private readonly string _writeKey;
    private readonly ArrayBufferWriter<byte> _pending = new(MaxBytes + 4096);
    private int _lines;
    private int _lastLineEnd;
    private long _firstPendingAt;

    public CollectorStream(Uri collector, string writeKey, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromSeconds(30);
        _batchUri = new Uri(collector, "/api/collect/batch");
        _writeKey = writeKey;
    }

    /// <summary>Events the collector accepted (durably in its log).</summary>
    public long Accepted { get; private set; }

    /// <summary>Events the collector rejected as invalid (listed by index in its answers).</summary>
    public long Rejected { get; private set; }

    public int Batches { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int newline = buffer.IndexOf((byte)'\n');
            var line = newline < 0 ? buffer : buffer[..(newline + 1)];
            if (_pending.WrittenCount + line.Length > MaxBytes && _lastLineEnd > 0)
                Send(); // this line would not fit: send the whole lines before it
            _pending.Write(line);
            buffer = buffer[line.Length..];
            if (newline < 0)
                break;
            if (_lines++ == 0)
                _firstPendingAt = Stopwatch.GetTimestamp();
            _lastLineEnd = _pending.WrittenCount;
            if (_lines >= MaxEvents || Stopwatch.GetElapsedTime(_firstPendingAt) >= MaxDelay)
                Send();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Sends the whole lines written so far.</summary>
    public override void Flush()
    {
        if (_lines > 0)
            Send();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A last line without its newline is still an event.
            if (_pending.WrittenCount > _lastLineEnd && !_pending.WrittenSpan[_lastLineEnd..].Trim((byte)' ').IsEmpty)
            {
                _lines++;
                _lastLineEnd = _pending.WrittenCount;
            }

            Flush();
            _http.Dispose();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Posts the whole lines pending and keeps a partial last line for the next batch.
    private void Send()
    {
        var body = _pending.WrittenSpan[.._lastLineEnd].ToArray();
        var rest = _pending.WrittenSpan[_lastLineEnd..].ToArray();
        Post(body);
        Batches++;
        _pending.Clear();
        _pending.Write(rest);
        _lines = 0;
        _lastLineEnd = 0;
    }

    private void Post(byte[] body)
    {
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _batchUri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _writeKey);
                using var response = _http.Send(request);
                string text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted when Count(text):
                    case HttpStatusCode.BadRequest when Count(text):
                        return;
                    case HttpStatusCode.TooManyRequests:
                    case HttpStatusCode.ServiceUnavailable:
                        wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        break;
                    case >= HttpStatusCode.InternalServerError:
                        wait = Backoff(attempt);
                        break;
                    default:
                        throw new IOException($"the collector at {_batchUri} refused the batch: {(int)response.StatusCode} {response.ReasonPhrase}: {Brief(text)}");
                }
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                // No retry mends a handshake: https:// to a server that speaks http was retried for 33 s.
                throw new IOException($"cannot reach the collector at {_batchUri}: the TLS handshake failed (is it served over http://, not https://?): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && attempt < MaxAttempts)
            {
                wait = Backoff(attempt); // refused or timed out: the collector may be restarting
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new IOException($"cannot reach the collector at {_batchUri}: {ex.Message}", ex);
            }

            if (attempt >= MaxAttempts)
                throw new IOException($"the collector at {_batchUri} was still busy or failing after {MaxAttempts} attempts");
            Thread.Sleep(wait);
        }
    }

    // The collector's answer lists accepted and rejected events; a 400 that has the counts rejected every event.
    private bool Count(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            if (!json.RootElement.TryGetProperty("accepted", out var accepted) || !json.RootElement.TryGetProperty("rejected", out var rejected))
                return false;
            Accepted += accepted.GetInt64();
            Rejected += rejected.GetInt64();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(attempt, 6))));

    private static string Brief(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
