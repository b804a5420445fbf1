namespace ShopStream.Core.Processing.Profiles;

/// <summary>One row of <c>gold/profiles</c> (SPEC "Customer profile").</summary>
public readonly record struct CustomerProfile(
    long UserId,
    int Events,
    int Views,
    int Carts,
    int Removes,
    int Purchases,
    decimal Revenue,
    DateTime FirstSeen,
    DateTime LastSeen,
    int Sessions,
    int ProductsViewed,
    string? TopCategory,
    string? TopBrand,
    CustomerSegment Segment);
