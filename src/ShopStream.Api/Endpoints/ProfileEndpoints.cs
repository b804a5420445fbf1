using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using ShopStream.Api.Json;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Endpoints;

/// <summary><c>GET /api/profiles/{userId}</c> and the profile search <c>GET /api/profiles</c>.</summary>
internal static class ProfileEndpoints
{
    private static readonly Dictionary<string, ProfileSort> s_sorts = new(StringComparer.Ordinal)
    {
        ["user_id"] = ProfileSort.UserId,
        ["revenue"] = ProfileSort.RevenueDescending,
        ["events"] = ProfileSort.EventsDescending,
        ["last_seen"] = ProfileSort.LastSeenDescending,
    };

    private static readonly Dictionary<string, CustomerSegment?> s_segments =
        SegmentRules.All.ToDictionary(SegmentRules.Name, s => (CustomerSegment?)s, StringComparer.Ordinal);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapMethods("/profiles/{userId}", ReadMethods.GetOrHead, GetAsync)
            .WithSummary("One customer profile (a gold/profiles row); 404 for an unknown user")
            .Produces<ProfileJson>().Produces<ErrorJson>(StatusCodes.Status404NotFound).Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
        api.MapMethods("/profiles", ReadMethods.GetOrHead, SearchAsync)
            .WithSummary("Profiles matching a segment and minimum revenue, sorted (ties by user id), one page at a time")
            .Produces<ProfilePageJson>().Produces<ErrorJson>(StatusCodes.Status400BadRequest).Produces<ErrorJson>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> GetAsync(string userId, IServingStore store, IRunAnalytics analytics, CancellationToken cancellationToken)
    {
        if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id <= 0)
            return Results.BadRequest(new ErrorJson($"user id must be a positive whole number up to {long.MaxValue} (a 64-bit id), got '{(userId.Length > 40 ? userId[..40] + "..." : userId)}'"));
        var profile = await store.ProfileAsync(id, cancellationToken).ConfigureAwait(false);
        if (profile is null)
            await ReadEndpoints.RequireRunAsync(store, analytics, cancellationToken).ConfigureAwait(false);
        return profile is { } p ? Results.Ok(ProfileJson.Of(p)) : Results.NotFound(new ErrorJson($"no profile for user {id}"));
    }

    private static async Task<IResult> SearchAsync(
        IServingStore store,
        IRunAnalytics analytics,
        [FromQuery] string? segment,
        [FromQuery(Name = "min_revenue")] string? minRevenue,
        [FromQuery] string? sort,
        [FromQuery] string? page,
        [FromQuery(Name = "page_size")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var query = new ProfileQuery
        {
            Segment = QueryValues.Choice(segment, "segment", null, s_segments),
            MinRevenue = QueryValues.Decimal(minRevenue, "min_revenue", 0m),
            Sort = QueryValues.Choice(sort, "sort", ProfileSort.UserId, s_sorts),
            Page = QueryValues.Int(page, "page", 1, 1, 10_000_000),
            PageSize = QueryValues.Int(pageSize, "page_size", 50, 1, ProfileQuery.MaxPageSize),
        };
        var result = await store.SearchProfilesAsync(query, cancellationToken).ConfigureAwait(false);
        if (result.Total == 0)
            await ReadEndpoints.RequireRunAsync(store, analytics, cancellationToken).ConfigureAwait(false);
        bool more = result.Page * (long)result.PageSize < result.Total;
        return Results.Ok(new ProfilePageJson(
            result.Items.Select(p => ProfileJson.Of(p)).ToArray(), result.Total, result.Page, result.PageSize, more ? result.Page + 1 : null));
    }
}
