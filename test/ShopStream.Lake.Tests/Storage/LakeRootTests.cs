using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tests.Storage;

/// <summary>What a lake root may be: a local folder or s3://bucket/prefix, and a clear message for anything else.</summary>
public sealed class LakeRootTests
{
    [Theory]
    [InlineData("ftp://host/lake", "a lake is a local folder or s3://bucket/prefix, not ftp://")]
    [InlineData("https://bucket.example/lake", "not https://")]
    [InlineData("s3://", "names no bucket")]
    [InlineData(" ", "the lake root is empty")]
    [InlineData("s3:/lake/x", "an S3 lake is written s3://bucket/prefix")] // was a local folder "./s3:/lake/x"
    [InlineData("/tmp/nl\nlake", "control character")] // run wrote it; query then refused it
    [InlineData("s3://lake/./x", "cannot hold '.' or '..' segments")] // run wrote to s3://lake/x; a query of the same URL found no lake
    [InlineData("s3://lake/a/../b", "cannot hold '.' or '..' segments")]
    public void A_root_that_is_no_lake_is_refused_with_a_message_for_people(string root, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LakeStorage.Open(root));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal); // it was "... (Parameter 'root')"
    }

    [Theory]
    [InlineData("127.0.0.1:4568")]
    [InlineData("localhost:4568")]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:4568")]
    public void An_s3_endpoint_that_is_not_an_http_url_is_one_line_naming_it(string endpoint)
    {
        // The SDK threw AmazonClientException "Value for ServiceURL is not a valid URL", unhandled, with its stack.
        var error = Assert.Throws<ArgumentException>(() => LakeStorage.CheckEndpoint(endpoint));
        Assert.StartsWith($"the S3 endpoint '{endpoint}' (from SHOPSTREAM_S3_ENDPOINT", error.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:4568", LakeStorage.CheckEndpoint("http://127.0.0.1:4568"));
        Assert.Equal("https://s3.example.com", LakeStorage.CheckEndpoint("https://s3.example.com"));
    }

    [Fact]
    public void An_aws_region_that_is_no_region_name_is_one_line_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => LakeStorage.CheckRegion("not a region"));

        Assert.Equal("AWS_REGION 'not a region' is no region name: lower-case letters, digits and '-', like us-east-1", error.Message);
        Assert.Equal("eu-central-1", LakeStorage.CheckRegion("eu-central-1"));
        Assert.Equal("us-east-1", LakeStorage.CheckRegion(null));
    }

    [Fact]
    public void A_root_that_is_a_file_is_refused_before_anything_is_written_under_it()
    {
        using var temp = new ShopStream.Tests.TempFolder();
        string file = temp.File("stats.json");
        File.WriteAllText(file, "{}");

        var error = Assert.Throws<ArgumentException>(() => LakeStorage.Open(file));

        Assert.Equal($"'{file}' is a file: a lake is a folder (made if missing) or s3://bucket/prefix", error.Message); // was .NET's "Could not find a part of the path", exit 1
    }

    [Fact]
    public void A_root_under_a_file_is_refused_naming_the_file()
    {
        using var temp = new ShopStream.Tests.TempFolder();
        string file = temp.File("stats.json");
        File.WriteAllText(file, "{}");
        string root = Path.Combine(file, "lake", "2019");

        var error = Assert.Throws<ArgumentException>(() => LakeStorage.Open(root));

        Assert.Equal($"'{file}' is a file, so the lake folder '{root}' cannot be made under it", error.Message); // was "Could not find a part of the path '.../bronze/events'", exit 1
    }

    [Fact]
    public void A_folder_whose_name_holds_a_colon_is_still_a_folder()
    {
        Assert.IsType<LocalLakeStorage>(LakeStorage.Open("lake:2019-10"));
    }
}
