using ShopStream.Lake;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Analytics.Jobs;

/// <summary>
/// The batch source of the campaign model, shown to DuckDB as the view <c>campaigns</c> (the campaigns CSV); orders
/// and their channel and UTM fields come from silver. The file path is the only outside text in this SQL, written as
/// an escaped literal (DuckDB takes no parameters there).
/// </summary>
public static class CampaignSources
{
    /// <summary>The campaigns CSV's header: one campaign per line, spend in money, dates inclusive.</summary>
    public const string Header = "campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend";

    public const string CampaignsView = "campaigns";

    /// <exception cref="ArgumentException">The file does not exist.</exception>
    public static void Create(DuckDbConnection connection, string campaignsCsv)
    {
        if (!File.Exists(campaignsCsv))
            throw new ArgumentException($"no such file: {campaignsCsv}");
        connection.Execute($"""
            CREATE OR REPLACE VIEW {CampaignsView} AS
            SELECT * FROM read_csv({SqlText.Literal(campaignsCsv)}, header = true, auto_detect = false, nullstr = '',
                columns = {"{"}'campaign_id': 'VARCHAR', 'channel': 'VARCHAR', 'utm_source': 'VARCHAR', 'utm_medium': 'VARCHAR',
                    'utm_campaign': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE', 'spend': 'DECIMAL(18,2)'{"}"})
            """);
    }
}
