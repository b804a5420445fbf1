namespace ShopStream.Postgres.Tests;

/// <summary>A database of its own for one test.</summary>
public sealed record TestDatabase(string Name, string ConnectionString, string Url);
