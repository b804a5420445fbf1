using Amazon.Runtime;
using Amazon.S3;

namespace ShopStream.Lake.Storage;

/// <summary>
/// Opens a lake root: <c>s3://bucket/prefix</c> for S3, anything else as a local folder. For S3 the client reads
/// the usual environment: credentials from <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> (or the SDK's other
/// sources), the region from <c>AWS_REGION</c> (default us-east-1), and the endpoint of an S3-compatible server from
/// <c>SHOPSTREAM_S3_ENDPOINT</c> or <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>; addressing is path-style.
/// Each request attempt has <c>SHOPSTREAM_S3_TIMEOUT</c> seconds (default 60) and the SDK's retries (two); a download
/// may pause that long between reads.
/// </summary>
public static class LakeStorage
{
    /// <summary>The environment variable naming an S3-compatible endpoint (e.g. <c>http://127.0.0.1:4568</c>).</summary>
    public const string EndpointVariable = "SHOPSTREAM_S3_ENDPOINT";

    /// <summary>The environment variable limiting one S3 request attempt, in seconds.</summary>
    public const string TimeoutVariable = "SHOPSTREAM_S3_TIMEOUT";

    /// <summary>
    /// One attempt's limit unless <see cref="TimeoutVariable"/> says otherwise, and the longest a download may wait for
    /// its next bytes. The SDK's own (100 s, three attempts) left a run or a query silent for five minutes on a server
    /// that took the connection and never answered. An upload is one request: a minute is room for a 64 MB lake file
    /// at 1.1 MB/s or faster (a slower link needs a higher limit).
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool IsS3(string root) => root.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">The root is empty, a file, a malformed S3 address, or another kind of URL.</exception>
    public static ILakeStorage Open(string root)
    {
        // No parameter name in these messages: they are shown to users as they are.
        if (string.IsNullOrWhiteSpace(root))
            throw new ArgumentException("the lake root is empty");
        int scheme = root.IndexOf("://", StringComparison.Ordinal);
        if (!IsS3(root) && scheme > 0 && root[..scheme].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-'))
            throw new ArgumentException($"'{root}': a lake is a local folder or s3://bucket/prefix, not {root[..scheme]}://");
        // s3:/lake or s3:lake, one slash short: a local folder named "s3:" is never what was meant.
        if (!IsS3(root) && root.StartsWith("s3:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{root}': an S3 lake is written s3://bucket/prefix");
        // The lake's SQL (its views name files by path) refuses them later: said now, before a run writes anything.
        if (root.Any(char.IsControl))
            throw new ArgumentException("the lake root holds a control character (a line break, say): name a folder or s3://bucket/prefix without one");
        if (!IsS3(root) && File.Exists(root))
            throw new ArgumentException($"'{root}' is a file: a lake is a folder (made if missing) or s3://bucket/prefix");
        if (!IsS3(root))
        {
            // A file above it: "could not find a part of the path" would not say which part.
            for (string? above = Path.GetDirectoryName(Path.GetFullPath(root)); above is not null; above = Path.GetDirectoryName(above))
            {
                if (File.Exists(above))
                    throw new ArgumentException($"'{above}' is a file, so the lake folder '{root}' cannot be made under it");
            }

            return new LocalLakeStorage(root);
        }
        string rest = root["s3://".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0)
            throw new ArgumentException($"'{root}' names no bucket (write s3://bucket/prefix)");
        // The SDK sends "." and ".." in a key's path as they are, and the server resolves them, but a listing's
        // prefix is taken literally: a run under s3://lake/./x wrote to s3://lake/x, where a query of the same
        // URL then found no lake.
        if (prefix.Split('/').Any(segment => segment is "." or ".."))
            throw new ArgumentException($"'{root}': an S3 prefix cannot hold '.' or '..' segments (S3 keys are names, not paths): write the prefix it means");
        return new S3LakeStorage(Client(), bucket, prefix, ownsClient: true);
    }

    /// <summary>
    /// The region from <c>AWS_REGION</c> (default us-east-1), checked: the SDK took any text and failed at the first
    /// request, "unexpected error (AmazonClientException): The specified 'not a region' region is not a valid hostname component".
    /// </summary>
    internal static string CheckRegion(string? region)
    {
        if (region is not { Length: > 0 })
            return "us-east-1";
        if (!region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new ArgumentException($"AWS_REGION '{region}' is no region name: lower-case letters, digits and '-', like us-east-1");
        return region;
    }

    /// <summary>An S3 client configured from the environment (see the class summary).</summary>
    public static AmazonS3Client Client()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            Timeout = RequestTimeout(Env(TimeoutVariable)),
            AuthenticationRegion = CheckRegion(Environment.GetEnvironmentVariable("AWS_REGION")),
        };
        string? endpoint = EndpointSource() is { } source ? Env(source) : null;
        if (endpoint is not null)
            config.ServiceURL = CheckEndpoint(endpoint);
        else
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(config.AuthenticationRegion);
        string? key = Env("AWS_ACCESS_KEY_ID");
        string? secret = Env("AWS_SECRET_ACCESS_KEY");
        if (key is null || secret is null)
            return new AmazonS3Client(config);
        return Env("AWS_SESSION_TOKEN") is { } token
            ? new AmazonS3Client(new SessionAWSCredentials(key, secret, token), config)
            : new AmazonS3Client(new BasicAWSCredentials(key, secret), config);
    }

    // The SDK's own check is an unhandled exception with a stack trace: "127.0.0.1:4568" lacks its scheme.
    internal static string CheckEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0
            ? endpoint
            : throw new ArgumentException($"the S3 endpoint '{endpoint}' (from {EndpointSource() ?? EndpointVariable}) is not an http:// or https:// URL, e.g. http://127.0.0.1:4568");

    // The variable the endpoint comes from: the first of these that is set (ShopStream's own wins), or null for none.
    private static string? EndpointSource() =>
        new[] { EndpointVariable, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL" }.FirstOrDefault(v => Env(v) is not null);

    internal static TimeSpan RequestTimeout(string? seconds) =>
        seconds is null ? DefaultTimeout
        : int.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 86_400 ? TimeSpan.FromSeconds(n)
        : throw new ArgumentException($"{TimeoutVariable}='{seconds}' is not a whole number of seconds from 1 to 86400 (the limit on one S3 request; default {DefaultTimeout.TotalSeconds:0})");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
