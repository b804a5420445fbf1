using Npgsql;

namespace ShopStream.Postgres.Tests;

/// <summary>postgres:// URLs to Npgsql connection strings, and clear errors that never show the password.</summary>
public sealed class PostgresUrlTests
{
    [Fact]
    public void Full_url_sets_user_password_host_port_and_database()
    {
        var c = PostgresUrl.Parse("postgres://shop:s3cret@db.example:6543/serving");

        Assert.Equal("shop", c.Username);
        Assert.Equal("s3cret", c.Password);
        Assert.Equal("db.example", c.Host);
        Assert.Equal(6543, c.Port);
        Assert.Equal("serving", c.Database);
    }

    [Fact]
    public void Port_defaults_to_5432_and_postgresql_scheme_is_accepted()
    {
        var c = PostgresUrl.Parse("postgresql://shop@localhost/serving");

        Assert.Equal(5432, c.Port);
        Assert.Equal("localhost", c.Host);
        Assert.Null(c.Password);
    }

    [Fact]
    public void Percent_encoded_user_password_and_database_are_decoded()
    {
        var c = PostgresUrl.Parse("postgres://sh%40p:p%2Fw%3A%40rd@127.0.0.1:5433/my%20db");

        Assert.Equal("sh@p", c.Username);
        Assert.Equal("p/w:@rd", c.Password);
        Assert.Equal("my db", c.Database);
        Assert.Equal("a/b", PostgresUrl.Parse("postgres://shop@db/a%2Fb").Database); // was refused as "contains '/'"
    }

    [Fact]
    public void Password_comes_from_the_fallback_only_when_the_url_has_none()
    {
        Assert.Equal("fromenv", PostgresUrl.Parse("postgres://shop@h/db", "fromenv").Password);
        Assert.Equal("inurl", PostgresUrl.Parse("postgres://shop:inurl@h/db", "fromenv").Password);
    }

    [Fact]
    public void An_at_sign_in_a_parameter_after_the_database_is_a_value_not_a_password_s_end()
    {
        // Without a user, an '@' after the '?' was taken for the end of user:password, and the URL refused.
        Assert.Equal("etl@nightly", PostgresUrl.Parse("postgres://db/serving?application_name=etl@nightly").ApplicationName);
        Assert.Equal("etl@nightly", PostgresUrl.Parse("postgres://shop:pw@db/serving?application_name=etl@nightly").ApplicationName);
    }

    [Fact]
    public void Ipv6_host_and_parameters_are_read()
    {
        var c = PostgresUrl.Parse("postgres://shop@[::1]:5444/db?sslmode=require&application_name=api&connect_timeout=7");

        Assert.Equal("::1", c.Host);
        Assert.Equal(5444, c.Port);
        Assert.Equal(SslMode.Require, c.SslMode);
        Assert.Equal("api", c.ApplicationName);
        Assert.Equal(7, c.Timeout);
    }

    [Fact]
    public void A_host_list_with_ports_is_passed_on_whole()
    {
        var b = PostgresUrl.Parse("postgres://shop:s3cret@h1:5432,h2:5433/serving");

        Assert.Equal("h1:5432,h2", b.Host); // Npgsql's own host list: the last port is the default for the rest
        Assert.Equal(5433, b.Port);
    }

    [Fact]
    public void Host_parameter_names_a_unix_socket_folder()
    {
        var c = PostgresUrl.Parse("postgres://shop@/db?host=%2Fvar%2Frun%2Fpostgresql");

        Assert.Equal("/var/run/postgresql", c.Host);
    }

    [Fact]
    public void Describe_leaves_out_the_password()
    {
        var c = PostgresUrl.Parse("postgres://shop:s3cret@db:6543/serving");

        Assert.Equal("postgres://shop@db:6543/serving", PostgresUrl.Describe(c));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("db.example:5432/serving", "no scheme")]
    [InlineData("mysql://shop:s3cret@db/serving", "scheme is 'mysql'")]
    [InlineData("postgres://shop:s3cret@db:notaport/serving", "port")]
    [InlineData("postgres://shop:s3cret@db:70000/serving", "port")]
    [InlineData("postgres://shop:s3cret/serving", "port is not a number from 1 to 65535 (a password with ':', '/', '?' or '@' in it must be percent-encoded")] // a password "s3cret/serving@db/..." cut at its '/
    [InlineData("postgres://shop:s3cretdb:5432/serving", "is the '@' between user:password and the host missing?")]
    [InlineData("postgres://shop:s3creth1:5432,h2:5433/serving", "is the '@' between user:password and the host missing?")]
    [InlineData("postgres://shop:s3cret@/serving", "host is missing")]
    [InlineData("postgres://shop:s3cret@db", "database name is missing")]
    [InlineData("postgres://shop:s3cret@db/", "database name is missing")]
    [InlineData("postgres://shop:s3cret@db/a/b", "contains '/'")]
    [InlineData("postgres://shop:s3cret@[::1/serving", "IPv6")]
    [InlineData("postgres://shop:s3cret@db/serving?password=s3cret", "unknown parameter 'password'")]
    [InlineData("postgres://shop:s3cret@db/serving?sslmode=always", "sslmode 'always'")]
    [InlineData("postgres://shop:s3cret@db/serving?application_name=x%00", "NUL character")]
    [InlineData("postgres://shop:s3cret%zz@db/serving", "percent-escape")] // logged in with the password s3cret%zz
    [InlineData("postgres://shop:s3cret@db/serv%zzing", "percent-escape")]
    [InlineData("postgres://shop%4:s3cret@db/serving", "percent-escape")]
    [InlineData("postgres://shop:s3cret@db/serving%", "percent-escape")]
    [InlineData("postgres://shop:12?s3cret@db/serving", "a '?' comes before the '@'")] // "unknown parameter 's3cret@db/serving'"
    [InlineData("postgres://shop:12?a&s3cret@db/serving", "a '?' comes before the '@'")]
    [InlineData("postgres://shop:99?host=s3cret@db/serving", "a '?' comes before the '@'")] // took s3cret@db/serving as the host
    [InlineData("postgres://shop:p@ss?s3cret@db/serving", "unknown parameter (not shown")] // an '@' before the '?' too: echoed 's3cret@db/serving'
    [InlineData("postgres://shop:p@ss?s3cret&x@db/serving", "unknown parameter (not shown")] // echoed 's3cret'
    [InlineData("postgres://shop:12/s?s3cret@db/serving", "unknown parameter (not shown")]
    [InlineData("postgres://shop:p@1?host=s3cret@db/serving", "holds an '@'")]
    [InlineData("postgres://shop:p@1?sslmode=s3cret@db/serving", "sslmode (not shown")]
    public void Malformed_url_gives_a_clear_error_without_the_password(string url, string expected)
    {
        var error = Assert.Throws<PostgresUrlException>(() => PostgresUrl.Parse(url));
        // The percent-encoding hint only where the port holds what a password would: not for a port of 70000.
        Assert.Equal(url.EndsWith(":s3cret/serving", StringComparison.Ordinal) || url.Contains(":notaport/", StringComparison.Ordinal), error.Message.Contains("must be percent-encoded", StringComparison.Ordinal));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("malformed PostgreSQL URL: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
