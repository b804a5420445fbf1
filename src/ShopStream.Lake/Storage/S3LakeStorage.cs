using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ShopStream.Lake.Storage;

/// <summary>
/// A lake under an S3 prefix, through AWSSDK.S3 (path-style addressing, so S3-compatible servers work).
/// Put-if-absent is a conditional write: <c>PUT</c> with <c>If-None-Match: *</c>, which S3 (since 2024), MinIO and
/// other current servers refuse with 412 when the key exists; before it, a <c>HEAD</c> catches an existing key on
/// servers that ignore the condition (s3rver, the test server), where two writers racing for one version are then
/// not excluded. Uploads are not chunk-encoded (<c>UseChunkEncoding = false</c>), which s3rver does not understand.
/// </summary>
public sealed class S3LakeStorage : ILakeStorage, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly bool _ownsClient;

    public S3LakeStorage(IAmazonS3 s3, string bucket, string prefix, bool ownsClient = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        _s3 = s3;
        _bucket = bucket;
        _prefix = prefix.Trim('/').Length == 0 ? "" : prefix.Trim('/') + "/";
        _ownsClient = ownsClient;
        Root = $"s3://{bucket}/{_prefix.TrimEnd('/')}".TrimEnd('/');
    }

    public string Root { get; }

    public string? LocalPath(string key) => null;

    public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Guard("write", key, () => PutIfAbsentCoreAsync(key, content, cancellationToken));

    private async Task<bool> PutIfAbsentCoreAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(key, cancellationToken).ConfigureAwait(false))
            return false;
        using var body = new MemoryStream(content.ToArray(), writable: false);
        try
        {
            await _s3.PutObjectAsync(
                new PutObjectRequest { BucketName = _bucket, Key = ObjectKey(key), InputStream = body, IfNoneMatch = "*", UseChunkEncoding = false },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task UploadAsync(string key, string localFile, CancellationToken cancellationToken = default) =>
        Guard("upload", key, () => _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = ObjectKey(key), FilePath = localFile, UseChunkEncoding = false }, cancellationToken));

    public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => Guard("read", key, () => ReadCoreAsync(key, cancellationToken));

    private async Task<byte[]?> ReadCoreAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await CopyAsync(response.ResponseStream, buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<LakeObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => Guard("list", prefix, () => ListCoreAsync(prefix, cancellationToken));

    private async Task<IReadOnlyList<LakeObject>> ListCoreAsync(string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<LakeObject>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = ObjectKey(prefix) };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? [])
                objects.Add(new LakeObject(o.Key[_prefix.Length..], o.Size ?? 0, (o.LastModified ?? DateTime.UnixEpoch).ToUniversalTime()));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Guard("delete", key, () => _s3.DeleteObjectAsync(_bucket, ObjectKey(key), cancellationToken));

    public Task<string> MaterializeAsync(string key, string cacheFolder, CancellationToken cancellationToken = default) =>
        Guard("download", key, () => MaterializeCoreAsync(key, cacheFolder, cancellationToken));

    private async Task<string> MaterializeCoreAsync(string key, string cacheFolder, CancellationToken cancellationToken)
    {
        // Data files are immutable once written (new names for new data), so a cached copy stays valid.
        string local = Path.Combine(cacheFolder, key.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(local))
            return local;
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return local; // gone, as a vacuumed local file is: the view of that version says so when read
        }

        using var _ = response;
        string partial = local + ".partial";
        var file = File.Create(partial);
        await using (file.ConfigureAwait(false))
            await CopyAsync(response.ResponseStream, file, cancellationToken).ConfigureAwait(false);
        File.Move(partial, local, overwrite: true);
        return local;
    }

    // An object's bytes, each read limited like a request: the SDK's timeout ends once the answer begins, so a body
    // that stopped coming hung a query for good.
    private async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var limit = Limit();
        byte[] buffer = new byte[81920];
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            stalled.CancelAfter(limit);
            int n;
            try
            {
                n = await from.ReadAsync(buffer, stalled.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StalledException();
            }

            if (n == 0)
                return;
            await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class StalledException : Exception;

    public void Dispose()
    {
        if (_ownsClient)
            _s3.Dispose();
    }

    // S3 and client failures (no credentials, no bucket, refused connection) become one-line IOExceptions, which the
    // command line reports as "shopstream: ..." with exit code 1. A connection that ends while an answer's bytes come
    // (the server killed mid-read) is an IOException, HTTP's ("The response ended prematurely") or, reset, the
    // socket's ("Connection reset by peer"), which said nothing of what was being read.
    private async Task<T> Guard<T>(string what, string key, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or StalledException or TimeoutException
            or HttpIOException or IOException { InnerException: System.Net.Sockets.SocketException })
        {
            string why = ex switch
            {
                StalledException => $"{Server()} stopped sending it for {Limit().TotalSeconds:0} s ({LakeStorage.TimeoutVariable} sets the limit in seconds)",
                // The SDK's request timeout, after its retries: "The operation was canceled." said nothing of where.
                TimeoutException => $"{Server()} did not answer within {Limit().TotalSeconds:0} s, {_s3.Config.MaxErrorRetry + 1} times ({LakeStorage.TimeoutVariable} sets the limit in seconds)",
                _ => OneLine(ex),
            };
            throw new IOException($"S3 {what} of s3://{_bucket}/{_prefix}{key} failed: {why}", ex);
        }
    }

    private TimeSpan Limit() => _s3.Config.Timeout ?? LakeStorage.DefaultTimeout;

    private string Server() => _s3.Config.ServiceURL ?? _s3.Config.RegionEndpoint?.SystemName ?? "S3";

    // The SDK's messages can run to many lines; one line of them says what went wrong. Its message for missing
    // credentials is a heading ("... returned the following errors:") over each provider's failure, so that one is
    // replaced by what to set.
    internal static string OneLine(Exception ex)
    {
        if (ex is AmazonClientException && ex.Message.StartsWith("Failed to resolve AWS credentials", StringComparison.Ordinal))
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or another source the AWS SDK reads)";
        // The server's word for a wrong key names no variable; the one to check is said after it.
        string? check = (ex as AmazonServiceException)?.ErrorCode switch
        {
            "InvalidAccessKeyId" => " (check AWS_ACCESS_KEY_ID)",
            "SignatureDoesNotMatch" => " (check AWS_SECRET_ACCESS_KEY)",
            _ => null,
        };
        var lines = ex.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            return ex.GetType().Name + check;
        if (check is not null)
            return lines[0] + check;
        string line = lines[0].EndsWith(':') && lines.Length > 1 ? $"{lines[0]} {lines[1]}" : lines[0];
        // "The SSL connection could not be established, see inner exception." (https:// to a plain http server):
        // the inner one says why.
        return line.Contains("inner exception", StringComparison.OrdinalIgnoreCase) && ex.InnerException is { } inner ? $"{line} {OneLine(inner)}" : line;
    }

    private async Task Guard(string what, string key, Func<Task> action) =>
        await Guard<bool>(what, key, async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private string ObjectKey(string key)
    {
        if (key.Split('/').Any(part => part is ".." or "."))
            throw new ArgumentException($"not a lake key: '{key}'", nameof(key));
        return _prefix + key;
    }
}
