namespace ShopStream.Cli.Tests;

/// <summary>Errors no command caught are still one line and exit 1 (System.CommandLine printed a stack trace).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UnexpectedErrorTests
{
    [Fact]
    public void A_disk_error_from_parallel_writers_is_its_own_message()
    {
        var (code, error) = Capture(() => UnexpectedError.Exit(new AggregateException(new IOException("No space left on device : '/out/sessions.csv.tmp'"))));

        Assert.Equal(1, code);
        Assert.Equal("shopstream: No space left on device : '/out/sessions.csv.tmp'", error.Trim());
    }

    [Fact]
    public void A_bug_is_one_line_naming_the_exception_and_how_to_see_where()
    {
        var (code, error) = Capture(() => UnexpectedError.Exit(new NullReferenceException("Object reference not set to an instance of an object.")));

        Assert.Equal(1, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Contains("unexpected error (NullReferenceException)", error, StringComparison.Ordinal);
        Assert.Contains("SHOPSTREAM_DEBUG=1", error, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Capture(Func<int> action)
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (action(), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
