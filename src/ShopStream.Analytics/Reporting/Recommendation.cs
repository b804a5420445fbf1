namespace ShopStream.Analytics.Reporting;

/// <summary>One plain-language recommendation: a short title and the sentence that says why, from the numbers.</summary>
public sealed record Recommendation(string Title, string Text);
