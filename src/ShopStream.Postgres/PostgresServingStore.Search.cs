using System.Data;
using NpgsqlTypes;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;
using ShopStream.Postgres.Tables;

namespace ShopStream.Postgres;

/// <summary>Profile search: filters and orders from a fixed set of SQL fragments, values as parameters.</summary>
public sealed partial class PostgresServingStore
{
    public async ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await ReachAsync(deadline => SearchAsync(query, deadline), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProfilePage> SearchAsync(ProfileQuery query, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);

        var filters = new List<string>(2);
        var parameters = new List<(string, object?)>(2);
        if (query.Segment is { } segment)
        {
            filters.Add("segment = @segment");
            parameters.Add(("segment", SegmentRules.Name(segment)));
        }

        if (query.ExactRevenueBound is { } bound)
        {
            filters.Add(bound.Inclusive ? "revenue >= @min_revenue" : "revenue > @min_revenue");
            parameters.Add(("min_revenue", bound.Bound));
        }

        string where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for the page and the count, so they agree while a publication commits.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var page = Sql.Command(connection, $"{ProfileRows.Table.SelectSql}{where} ORDER BY {OrderBy(query.Sort)} LIMIT @limit OFFSET @offset", [.. parameters]);
                page.Parameters.AddWithValue("limit", NpgsqlDbType.Integer, query.PageSize);
                page.Parameters.AddWithValue("offset", NpgsqlDbType.Bigint, query.Skip);
                var items = await ReadAllAsync(page, ProfileRows.Read, cancellationToken).ConfigureAwait(false);

                var count = Sql.Command(connection, $"SELECT count(*) FROM {ProfileRows.Table.Qualified}{where}", [.. parameters]);
                long total;
                await using (count.ConfigureAwait(false))
                    total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new ProfilePage(items, total, query.Page, query.PageSize);
            }
        }
    }

    /// <summary>The contract's orders; every one ends with the user id, so the order is total and paging stable.</summary>
    private static string OrderBy(ProfileSort sort) => sort switch
    {
        ProfileSort.UserId => "user_id",
        // The revenue as shown (cents, half away from zero: PostgreSQL's round of numeric), as the files' and the
        // lake's rounded revenue sorts: 3.014 and 3.005 both show 3.01, so their tie goes by user id there too.
        ProfileSort.RevenueDescending => "round(revenue, 2) DESC, user_id",
        ProfileSort.EventsDescending => "events DESC, user_id",
        ProfileSort.LastSeenDescending => "last_seen DESC, user_id",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown profile sort."),
    };
}
