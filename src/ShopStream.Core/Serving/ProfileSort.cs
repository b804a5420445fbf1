namespace ShopStream.Core.Serving;

/// <summary>Orders a profile search can return; every order breaks ties by ascending user id.</summary>
public enum ProfileSort : byte
{
    /// <summary>Ascending user id.</summary>
    UserId,

    /// <summary>Highest revenue first.</summary>
    RevenueDescending,

    /// <summary>Most events first.</summary>
    EventsDescending,

    /// <summary>Most recently seen first.</summary>
    LastSeenDescending,
}
