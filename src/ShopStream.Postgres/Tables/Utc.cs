namespace ShopStream.Postgres.Tables;

/// <summary>
/// SPEC times are UTC. Npgsql writes <c>timestamptz</c> only from UTC values, so a time without a kind is taken as
/// UTC and a local one converted; PostgreSQL keeps microseconds, so finer ticks are cut.
/// </summary>
internal static class Utc
{
    public static DateTime Of(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
