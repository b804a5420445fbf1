using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Analytics;

/// <summary>Products span partitions and users do not: either way the analytics outputs must not depend on the partitioning.</summary>
public sealed class PartitioningTests
{
    [Theory]
    [InlineData("rees46")]
    [InlineData("orders")]
    public void Analytics_do_not_depend_on_the_partition_count(string sample)
    {
        var (path, format) = sample == "rees46" ? (RepoPaths.Rees46Sample, InputFormat.Rees46) : (RepoPaths.OrdersSample, InputFormat.Orders);
        var one = TestPipeline.Run([InputFile.FromPath(path)], format, TestPipeline.Options(1)).Result;
        var four = TestPipeline.Run([InputFile.FromPath(path)], format, TestPipeline.Options(4, 2)).Result;

        Assert.Equal(one.ProductHourly, four.ProductHourly);
        Assert.Equal(one.CategoryHourly, four.CategoryHourly);
        Assert.Equal(one.TrendingProducts, four.TrendingProducts);
        Assert.Equal(one.CartAbandonment, four.CartAbandonment);
        Assert.Equal(one.Orders, four.Orders);
        Assert.Equal(one.Alerts, four.Alerts);
        Assert.NotEmpty(one.Alerts);
        Assert.Equal((one.Summary.SessionsWithCart, one.Summary.AbandonedSessions), (four.Summary.SessionsWithCart, four.Summary.AbandonedSessions));
    }
}
