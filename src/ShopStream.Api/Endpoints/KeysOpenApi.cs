using Microsoft.OpenApi;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// The API keys in the OpenAPI document, so a generated client knows to send them: the collector's writes always
/// need a write key (with none configured every write is refused), reads (<c>/api/*</c> GETs, <c>/metrics</c>)
/// need the read key when one is set. A key goes in <c>Authorization: Bearer KEY</c> or in its own header, so each
/// operation lists the two as alternatives; a read also lists the 401 (no key), 403 (a wrong one) and 429 (wrong keys over their limit) it may answer.
/// </summary>
internal static class KeysOpenApi
{
    private const string Bearer = "bearer";
    private const string WriteKey = "writeKey";
    private const string ReadKey = "readKey";

    public static void Describe(OpenApiDocument document, bool readKeySet)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The write key (collector) or the read key (reads)" },
            [WriteKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Write-Key", Description = "A key of --write-keys" },
        };
        if (readKeySet)
            document.Components.SecuritySchemes[ReadKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Read-Key", Description = "The key of --read-key-file" };

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                string? header = method == HttpMethod.Post && path.StartsWith("/api/collect", StringComparison.Ordinal) ? WriteKey
                    : readKeySet && method == HttpMethod.Get && (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/metrics") ? ReadKey
                    : null;
                if (header is null)
                    continue;
                operation.Security = [Requirement(document, Bearer), Requirement(document, header)];
                if (header == ReadKey)
                {
                    // The collector's operations list these with their own Produces; a read's come from the middleware.
                    operation.Responses ??= [];
                    operation.Responses.TryAdd("401", ErrorResponse(document, "No read key was sent"));
                    operation.Responses.TryAdd("403", ErrorResponse(document, "The read key is not valid"));
                    operation.Responses.TryAdd("429", ErrorResponse(document, "Too many wrong read keys of late (from anyone): retry after Retry-After seconds"));
                }
            }
        }
    }

    private static OpenApiResponse ErrorResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(Json.ErrorJson), document) } },
    };

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
