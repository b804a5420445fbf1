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

    /// <summary>Refuses a path that is not a campaigns CSV by its header: missing, a folder, or another first line.</summary>
    /// <exception cref="ArgumentException">It is not one.</exception>
    public static void CheckFile(string campaignsCsv)
    {
        if (Directory.Exists(campaignsCsv))
            throw new ArgumentException($"{campaignsCsv} is a folder: name the campaigns CSV file");
        if (!File.Exists(campaignsCsv))
            throw new ArgumentException($"no such file: {campaignsCsv}");
        string first;
        using (var reader = new StreamReader(campaignsCsv, detectEncodingFromByteOrderMarks: true))
            first = new string(reader.ReadLine()?.Take(200).ToArray() ?? []);
        if (first.Trim() != Header)
            throw new ArgumentException($"{campaignsCsv} is not a campaigns CSV: its first line must be the header {Header}");
    }

    /// <exception cref="ArgumentException">The file does not exist, lacks the header, or DuckDB cannot read its rows.</exception>
    public static void Create(DuckDbConnection connection, string campaignsCsv)
    {
        CheckFile(campaignsCsv);

        // Text fields trimmed (a blank one is empty): "always-on-email " matched no order's UTM campaign, while its
        // spend (a number) was read, so the campaign showed spend and no orders without a word. Channels in lower case,
        // as the model matches them (a channel is a name from a short list, "Email" the same as "email"; UTM values
        // are the shop's own tags and keep their case).
        connection.Execute($"""
            CREATE OR REPLACE VIEW {CampaignsView} AS
            SELECT nullif(trim(campaign_id), '') AS campaign_id, lower(nullif(trim(channel), '')) AS channel,
                nullif(trim(utm_source), '') AS utm_source, nullif(trim(utm_medium), '') AS utm_medium,
                nullif(trim(utm_campaign), '') AS utm_campaign, start_date, end_date, spend
            FROM read_csv({SqlText.Literal(campaignsCsv)}, header = true, auto_detect = false, nullstr = '',
                columns = {"{"}'campaign_id': 'VARCHAR', 'channel': 'VARCHAR', 'utm_source': 'VARCHAR', 'utm_medium': 'VARCHAR',
                    'utm_campaign': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE', 'spend': 'DECIMAL(18,2)'{"}"})
            """);

        // Read once now: a row DuckDB cannot parse is bad input, said once, where the model that reads the view would
        // fail on every attempt (retries are for what may pass the next time).
        try
        {
            // Every typed column (a bare count(*) converts none of them); a campaigns file is small.
            connection.Execute($"SELECT min(start_date), min(end_date), sum(spend), count(campaign_id) FROM {CampaignsView}");
        }
        catch (DuckDbException ex)
        {
            // DuckDB's first lines say where and what; the rest is advice on its own CSV sniffer, which is not used here.
            string reason = string.Join("; ", ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
            throw new ArgumentException($"{campaignsCsv}: cannot read its rows: {(reason.Length > 300 ? reason[..300] + "..." : reason)}", ex);
        }

        // The UTM fields may be empty (a campaign without a UTM campaign, which the channel's orders without one match,
        // not the whole channel's); the rest may not. An empty spend read as NULL
        // made every figure of the campaign NULL and stopped the report. The line is the row's (header first), which is
        // the file's while no field holds a line break.
        if (connection.Scalar($"""
            SELECT 'line ' || line || ': ' || CASE WHEN campaign_id IS NULL THEN 'campaign_id' WHEN channel IS NULL THEN 'channel'
                WHEN start_date IS NULL THEN 'start_date' WHEN end_date IS NULL THEN 'end_date' ELSE 'spend' END
            FROM (SELECT row_number() OVER () + 1 AS line, * FROM {CampaignsView})
            WHERE campaign_id IS NULL OR channel IS NULL OR start_date IS NULL OR end_date IS NULL OR spend IS NULL
            ORDER BY line LIMIT 1
            """) is string empty)
            throw new ArgumentException($"{campaignsCsv}: {empty} is empty (only the utm_ fields may be; a campaign that cost nothing has spend 0)");

        // Money is in cents: the typed view rounds 0.004 to 0.00 (and the campaign's roi to NULL) without a word.
        if (connection.Scalar($"""
            SELECT 'line ' || line || ': spend ' || spend
            FROM (SELECT row_number() OVER () + 1 AS line, trim(spend) AS spend FROM read_csv({SqlText.Literal(campaignsCsv)}, header = true,
                auto_detect = false, all_varchar = true, columns = {"{"}{string.Join(", ", Header.Split(',').Select(c => $"'{c}': 'VARCHAR'"))}{"}"}))
            WHERE CAST(spend AS DECIMAL(38,10)) <> CAST(spend AS DECIMAL(18,2)) OR regexp_matches(spend, '\.[0-9][0-9][0-9]*[1-9]')
            ORDER BY line LIMIT 1
            """) is string cents)
            throw new ArgumentException($"{campaignsCsv}: {cents} has more than 2 decimals (spend is money, in cents)");
    }
}
