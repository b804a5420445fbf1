namespace ShopStream.Postgres.Tests;

/// <summary>Every test class that needs the server: one server for the run, started once.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
