namespace ShopStream.Postgres;

/// <summary>What a schema migration did: the schema version before and after, and how many steps it applied.</summary>
public sealed record MigrationResult(int FromVersion, int ToVersion, int Applied);
