namespace ShopStream.Api.Store;

/// <summary>What <c>/api/products/top</c> ranks by; ties go to the smaller product id.</summary>
public enum ProductRanking
{
    Revenue,
    Views,
}
