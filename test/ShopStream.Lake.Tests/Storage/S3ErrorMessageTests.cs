using Amazon.Runtime;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tests.Storage;

/// <summary>The AWS SDK's many-line messages as the one line an S3 failure reports.</summary>
public sealed class S3ErrorMessageTests
{
    [Fact]
    public void Missing_credentials_say_what_to_set_instead_of_a_heading_that_ends_in_a_colon()
    {
        // The SDK's words when no provider has credentials: a heading, then each provider's failure.
        var error = new AmazonClientException(
            "Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors:\n"
            + "Exception 1 of 3: Unable to find the \"default\" profile.\nException 2 of 3: ...");

        string line = S3LakeStorage.OneLine(error);

        Assert.StartsWith("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void A_heading_keeps_its_first_detail_and_other_messages_their_first_line()
    {
        Assert.Equal("Errors follow: the bucket is gone", S3LakeStorage.OneLine(new AmazonClientException("Errors follow:\n  the bucket is gone\nmore")));
        Assert.Equal("Access Denied", S3LakeStorage.OneLine(new AmazonServiceException("Access Denied\r\nRequestId: 1")));
        // A wrong key: which variable to look at (the server's words name none).
        Assert.Equal("The AWS Access Key Id you provided does not exist in our records. (check AWS_ACCESS_KEY_ID)",
            S3LakeStorage.OneLine(new AmazonServiceException("The AWS Access Key Id you provided does not exist in our records.") { ErrorCode = "InvalidAccessKeyId" }));
        Assert.Equal("The request signature we calculated does not match the signature you provided. (check AWS_SECRET_ACCESS_KEY)",
            S3LakeStorage.OneLine(new AmazonServiceException("The request signature we calculated does not match the signature you provided.") { ErrorCode = "SignatureDoesNotMatch" }));
        Assert.Equal("AmazonClientException", S3LakeStorage.OneLine(new AmazonClientException("\n")));
    }

    [Fact]
    public void A_message_that_points_to_its_inner_exception_carries_it()
    {
        // https:// to a plain http server: the outer message alone did not say what was wrong.
        var error = new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("Cannot determine the frame size or a corrupted frame was received."));

        Assert.Equal("The SSL connection could not be established, see inner exception. Cannot determine the frame size or a corrupted frame was received.", S3LakeStorage.OneLine(error));
    }
}
