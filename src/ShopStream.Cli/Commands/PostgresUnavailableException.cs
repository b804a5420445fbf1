namespace ShopStream.Cli.Commands;

/// <summary>The PostgreSQL serving store could not be reached or migrated: exit 1 (the arguments may be fine).</summary>
internal sealed class PostgresUnavailableException(string message, Exception inner) : Exception(message, inner);
