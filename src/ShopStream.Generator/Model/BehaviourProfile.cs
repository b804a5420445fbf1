namespace ShopStream.Generator.Model;

/// <summary>How a user shops. Each profile scales the funnel; the mixture is calibrated back to the configured rates.</summary>
internal enum BehaviourProfile : byte
{
    Browser,
    WindowShopper,
    Buyer,
    BargainHunter,
    Loyal,
}
