using ShopStream.Lake;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The batch sources of the campaign model, shown to DuckDB as views: <c>campaigns</c> (the campaigns CSV) and
/// <c>order_attribution</c> (each order's channel and UTM fields, from JSON lines such as the generator writes).
/// File paths are the only outside text in this SQL, written as escaped literals (DuckDB takes no parameters there).
/// </summary>
public static class CampaignSources
{
    /// <summary>The campaigns CSV's header: one campaign per line, spend in money, dates inclusive.</summary>
    public const string Header = "campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend";

    public const string CampaignsView = "campaigns";
    public const string AttributionView = "order_attribution";

    /// <exception cref="ArgumentException">A file does not exist.</exception>
    public static void Create(DuckDbConnection connection, string campaignsCsv, IReadOnlyList<string> attributionFiles)
    {
        foreach (var file in attributionFiles.Prepend(campaignsCsv))
        {
            if (!File.Exists(file))
                throw new ArgumentException($"no such file: {file}");
        }

        if (attributionFiles.Count == 0)
            throw new ArgumentException("--campaigns needs --attribution FILE (JSON lines with order_id, user_id, channel, utm_campaign) to join orders to campaigns");
        connection.Execute($"""
            CREATE OR REPLACE VIEW {CampaignsView} AS
            SELECT * FROM read_csv({SqlText.Literal(campaignsCsv)}, header = true, auto_detect = false, nullstr = '',
                columns = {"{"}'campaign_id': 'VARCHAR', 'channel': 'VARCHAR', 'utm_source': 'VARCHAR', 'utm_medium': 'VARCHAR',
                    'utm_campaign': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE', 'spend': 'DECIMAL(18,2)'{"}"})
            """);
        connection.Execute($"""
            CREATE OR REPLACE VIEW {AttributionView} AS
            SELECT user_id, order_id, any_value(channel) AS channel, any_value(utm_source) AS utm_source,
                any_value(utm_medium) AS utm_medium, any_value(utm_campaign) AS utm_campaign
            FROM read_json({SqlText.List(attributionFiles)}, format = 'newline_delimited', ignore_errors = true, maximum_object_size = 1048576,
                columns = {"{"}user_id: 'BIGINT', order_id: 'VARCHAR', channel: 'VARCHAR', utm_source: 'VARCHAR', utm_medium: 'VARCHAR', utm_campaign: 'VARCHAR'{"}"})
            WHERE order_id IS NOT NULL AND user_id IS NOT NULL
            GROUP BY user_id, order_id
            """);
    }
}
