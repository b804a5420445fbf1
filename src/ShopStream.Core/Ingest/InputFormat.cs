namespace ShopStream.Core.Ingest;

public enum InputFormat
{
    /// <summary>REES46 clickstream CSV (Kaggle "eCommerce behavior data").</summary>
    Rees46,
    /// <summary>Order lines in the UCI Online Retail layout.</summary>
    Orders,
    /// <summary>One canonical event per JSON object per line.</summary>
    JsonLines,
}
