namespace ShopStream.Generator.Model;

/// <summary>A user's look from outside, drawn with Bogus: country, city, browser and device. Users share templates.</summary>
internal sealed record UserTemplate(int Country, string City, string UserAgent, string Device);
