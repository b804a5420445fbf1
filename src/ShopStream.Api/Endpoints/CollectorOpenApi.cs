using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShopStream.Api.Endpoints;

/// <summary>
/// Describes the collector's request body in the OpenAPI document. The endpoints read the raw body themselves
/// (any content type, so a JSON-lines client is not turned away with 415), so the framework cannot infer it.
/// </summary>
internal static class CollectorOpenApi
{
    public static Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var anyObject = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "An event with SPEC's field names: event_time, event_type, user_id, product_id, price, ..." };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One event object; for /batch a JSON array of them, or JSON lines (one object per line). May be sent with Content-Encoding: gzip (the limits apply to the inflated body too)",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = anyObject },
                ["application/x-ndjson"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        return Task.CompletedTask;
    }
}
