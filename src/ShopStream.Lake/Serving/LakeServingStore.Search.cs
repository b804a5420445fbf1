using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Serving;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Serving;

/// <summary>Profile search over <c>gold_profiles</c>: filters and orders from fixed SQL, values as bound parameters.</summary>
public sealed partial class LakeServingStore
{
    private const string ProfileSelect = """
        SELECT user_id, events, views, carts, removes, purchases, revenue, first_seen, last_seen, sessions, products_viewed,
            top_category, top_brand, segment
        FROM gold_profiles
        """;

    // gold/profiles keeps revenue as DECIMAL(18,2): a bound of more decimals or beyond that range is rounded up to
    // the next value the column can hold, which matches exactly the same rows.
    private const decimal RevenueLimit = 10_000_000_000_000_000m;

    // Unbound filters are NULL and let every row through, so the SQL text is the same for every query.
    private const string Where = " WHERE (CAST(? AS VARCHAR) IS NULL OR segment = ?) AND (CAST(? AS DECIMAL(18,2)) IS NULL OR revenue >= CAST(? AS DECIMAL(18,2)))";

    public ValueTask<ProfilePage> SearchProfilesAsync(ProfileQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (query.MinRevenue >= RevenueLimit)
            return ValueTask.FromResult(new ProfilePage([], 0, query.Page, query.PageSize));

        // The page and the count under one hold of the connection, so they read the same version.
        return ReadAsync(() => Search(query), cancellationToken);
    }

    private ProfilePage Search(ProfileQuery query)
    {
        using var page = _connection.Prepare($"{ProfileSelect}{Where} ORDER BY {OrderBy(query.Sort)} LIMIT ? OFFSET ?");
        BindFilters(page, query);
        var items = ReadProfiles(page.Bind(5, (long)query.PageSize).Bind(6, query.Skip));

        using var count = _connection.Prepare($"SELECT count(*) FROM gold_profiles{Where}");
        BindFilters(count, query);
        using var total = count.Query();
        return new ProfilePage(items, (long)total.FirstValue()!, query.Page, query.PageSize);
    }

    /// <summary>The contract's orders; every one ends with the user id, so the order is total and paging stable.</summary>
    private static string OrderBy(ProfileSort sort) => sort switch
    {
        ProfileSort.UserId => "user_id",
        ProfileSort.RevenueDescending => "revenue DESC, user_id",
        ProfileSort.EventsDescending => "events DESC, user_id",
        ProfileSort.LastSeenDescending => "last_seen DESC, user_id",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown profile sort."),
    };

    private static void BindFilters(DuckDbPreparedStatement statement, ProfileQuery query)
    {
        string? segment = query.Segment is { } s ? SegmentRules.Name(s) : null;
        statement.Bind(1, segment).Bind(2, segment);
        if (query.MinShownRevenue is { } min)
        {
            string cents = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
            statement.Bind(3, cents).Bind(4, cents);
        }
        else
        {
            statement.BindNull(3).BindNull(4);
        }
    }

    private static List<CustomerProfile> ReadProfiles(DuckDbPreparedStatement statement)
    {
        var profiles = new List<CustomerProfile>();
        using var result = statement.Query();
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                profiles.Add(new CustomerProfile(
                    chunk.Column(0).Int64(r), Count(chunk, 1, r), Count(chunk, 2, r), Count(chunk, 3, r), Count(chunk, 4, r), Count(chunk, 5, r),
                    chunk.Column(6).Decimal(r), chunk.Column(7).DateTime(r), chunk.Column(8).DateTime(r), Count(chunk, 9, r), Count(chunk, 10, r),
                    Text(chunk, 11, r), Text(chunk, 12, r), Segment(chunk.Column(13).String(r))));
            }
        }

        return profiles;
    }

    private static int Count(DuckDbChunk chunk, int column, int row) => checked((int)chunk.Column(column).Int64(row));

    private static string? Text(DuckDbChunk chunk, int column, int row) => chunk.Column(column).IsNull(row) ? null : chunk.Column(column).String(row);

    private static CustomerSegment Segment(string name) =>
        SegmentRules.Parse(name) ?? throw new InvalidDataException($"gold/profiles: unknown segment '{name}'");
}
