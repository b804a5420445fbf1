using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Serving;

/// <summary>One page of a profile search and how many profiles matched in all.</summary>
public sealed record ProfilePage(IReadOnlyList<CustomerProfile> Items, long Total, int Page, int PageSize);
