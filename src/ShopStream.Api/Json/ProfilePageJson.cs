namespace ShopStream.Api.Json;

/// <summary>One page of a profile search; <see cref="NextPage"/> is null on the last page.</summary>
public sealed record ProfilePageJson(IReadOnlyList<ProfileJson> Items, long Total, int Page, int PageSize, int? NextPage);
