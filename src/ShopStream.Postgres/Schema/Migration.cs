namespace ShopStream.Postgres.Schema;

/// <summary>One step of the schema: applied once, in version order, recorded in <c>shopstream.schema_version</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
