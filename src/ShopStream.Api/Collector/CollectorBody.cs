using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ShopStream.Core.Ingest;

namespace ShopStream.Api.Collector;

/// <summary>
/// A collector request's body, read whole into a pooled buffer, at most a limit of bytes, and inflated when it came
/// with <c>Content-Encoding: gzip</c> (as browser beacons and SDKs batching events send it), under the same limit
/// for what it inflates to, so a small body cannot expand into a large one. Any other encoding is refused (415), as
/// is a multipart body (a form upload).
/// </summary>
internal sealed class CollectorBody : IDisposable
{
    private byte[] _buffer;

    private CollectorBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>The body, or why it is refused: the status (413, 415, 400) and a message for the client.</summary>
    public static async Task<(CollectorBody? Body, int Status, string? Error)> ReadAsync(HttpContext context, int limit, CancellationToken cancellationToken)
    {
        // A form's parts are no events: each framing line of `curl -F file=@events.json` was dead-lettered as json and
        // counted read and rejected. Other types pass (`curl -d @file` sends application/x-www-form-urlencoded).
        if (context.Request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{type.Split(';')[0]}' is not supported: send the events as the body itself (application/json or JSON lines; curl --data-binary @FILE), not as a form's part");
        }

        if (!IsGzip(context.Request.Headers.ContentEncoding, out var refused))
        {
            context.Response.Headers.AcceptEncoding = "gzip";
            string what = refused == "gzip" ? "gzip applied twice" : $"Content-Encoding '{refused}'";
            return (null, StatusCodes.Status415UnsupportedMediaType, $"{what} is not supported: send the body as it is, or gzip once");
        }

        // Our limit, not Kestrel's default (30 MB), decides; reading stops one byte past it anyway.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit + 1L;
        string overLimit = $"the body is over the limit of {limit} bytes";
        if (context.Request.ContentLength > limit)
            return (null, StatusCodes.Status413PayloadTooLarge, overLimit);
        var raw = new CollectorBody(ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, (int)(context.Request.ContentLength ?? 64 * 1024) + 1)), 0);
        try
        {
            int length;
            try
            {
                var stream = context.Request.Body;
                length = await raw.FillAsync((buffer, ct) => stream.ReadAsync(buffer, ct), limit, cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's refusal of a chunked body past the limit it was given (ours plus one byte)
                length = limit + 1;
            }

            if (length > limit)
                return (null, StatusCodes.Status413PayloadTooLarge, overLimit);
            if (refused is null)
                return (new CollectorBody(raw.Detach(), length), 0, null);
            return await InflateAsync(raw._buffer, length, limit).ConfigureAwait(false);
        }
        finally
        {
            raw.Dispose();
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    // True for no encoding (refused null) and for gzip alone (refused "gzip"); false, naming the coding, for any other.
    private static bool IsGzip(string? header, out string? refused)
    {
        refused = null;
        foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("identity", StringComparison.OrdinalIgnoreCase))
                continue;
            bool gzip = part.Equals("gzip", StringComparison.OrdinalIgnoreCase) || part.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
            if (!gzip || refused is not null)
            {
                refused = gzip ? "gzip" : part; // gzip twice over (as x-gzip too), or another coding
                return false;
            }

            refused = "gzip";
        }

        return true;
    }

    private static async Task<(CollectorBody? Body, int Status, string? Error)> InflateAsync(byte[] compressed, int length, int limit)
    {
        var inflated = new CollectorBody(ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, Math.Max(length * 4, 4096))), 0);
        try
        {
            // The system's zlib, as gzip input files are read: it tells a cut-short body from a whole one.
            using var gzip = new GzipMembersStream(new MemoryStream(compressed, 0, length, writable: false));
            length = await inflated.FillAsync((buffer, _) => ValueTask.FromResult(gzip.Read(buffer.Span)), limit, CancellationToken.None).ConfigureAwait(false);
            if (length > limit)
                return (null, StatusCodes.Status413PayloadTooLarge, $"the body inflates to more than the limit of {limit} bytes");
            return (new CollectorBody(inflated.Detach(), length), 0, null);
        }
        catch (InvalidDataException ex)
        {
            return (null, StatusCodes.Status400BadRequest, $"Content-Encoding is gzip, but {ex.Message}");
        }
        finally
        {
            inflated.Dispose();
        }
    }

    // Reads until the source ends or one byte past the limit, growing the buffer by doubling; the length read.
    private async ValueTask<int> FillAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, int limit, CancellationToken cancellationToken)
    {
        int length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (length > limit)
                    return length;
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, _buffer.Length * 2));
                _buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            int n = await read(_buffer.AsMemory(length, Math.Min(_buffer.Length, limit + 1) - length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return length;
            length += n;
            if (length > limit)
                return length;
        }
    }

    // The buffer, now another body's to return.
    private byte[] Detach()
    {
        var buffer = _buffer;
        _buffer = [];
        return buffer;
    }
}
