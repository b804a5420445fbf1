using System.Globalization;
using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream jobs run|history|schedule</c> over a run's lake, as a user types them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class JobsCommandTests
{
    [Fact]
    public void Jobs_run_builds_every_gold_table_which_query_and_history_then_show()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);

        var (code, output, error) = Cli.RunProcess("jobs", "run", "--out", temp.Path);
        string text = Encoding.UTF8.GetString(output);
        Assert.True(code == 0, $"exit {code}: {error}\n{text}");
        foreach (var model in new[] { "rfm", "daily_kpis", "cohorts", "customers_scd2", "ml_features", "customer_products" })
            Assert.Matches($@"(?m)^{model} +succeeded", text);
        Assert.Matches(@"(?m)^checks: \d+ run, \d+ passed, quality score \d+\.\d\d \(", text); // two decimals, as gold/dq_results stores it

        var query = Cli.RunProcess("query", "--out", temp.Path, "--format", "csv", "SELECT count(*) AS customers, sum(monetary) AS monetary FROM gold_rfm");
        Assert.Equal("customers,monetary\n48,14786.59\n", Encoding.UTF8.GetString(query.Output));

        var history = Encoding.UTF8.GetString(Cli.RunProcess("jobs", "history", "--out", temp.Path).Output);
        Assert.Equal(6, history.Split('\n').Count(l => l.Contains(" succeeded ", StringComparison.Ordinal)));

        // The jobs' tables are lake tables for its maintenance commands too (they were "no lake table 'gold/rfm'").
        var rfmVersions = Cli.RunProcess("lake", "history", "--out", temp.Path, "--table", "gold_rfm");
        Assert.True(rfmVersions.ExitCode == 0, rfmVersions.Error);
        Assert.Matches(@"(?m)^ +0  \S+ +WRITE ", Encoding.UTF8.GetString(rfmVersions.Output));
        var vacuum = Encoding.UTF8.GetString(Cli.RunProcess("lake", "vacuum", "--out", temp.Path, "--dry-run").Output);
        foreach (var table in new[] { "silver/events", "gold/rfm", "gold/customers_scd2", "gold/job_runs", "gold/dq_results" })
            Assert.Contains($"{table}: 0 file(s) to delete", vacuum, StringComparison.Ordinal);
        Assert.DoesNotContain("gold/campaign_roi", vacuum, StringComparison.Ordinal); // never written: no line

        Assert.Equal(0, Cli.Run("report", "--out", temp.Path).ExitCode);
        Assert.Contains("| 14,786.59 | 54 | 273.83 | 48 | 1,747 | 1,753 | 2.7% |", File.ReadAllText(Path.Combine(temp.Path, "report.md")), StringComparison.Ordinal);
        Assert.Contains("<svg ", File.ReadAllText(Path.Combine(temp.Path, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_blocking_check_exits_1_and_names_the_check_on_stderr()
    {
        using var temp = new TempFolder();
        string input = temp.File("empty.csv");
        File.WriteAllText(input, "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n");
        Assert.Equal(0, Cli.Run("run", "-i", input, "--format", "rees46", "-o", temp.File("run"), "-q", "--lake").ExitCode);

        var (code, error) = Cli.Run("jobs", "run", "--out", temp.File("run"));
        Assert.Equal(1, code);
        Assert.Contains("blocking check silver_not_empty on silver_events failed", error, StringComparison.Ordinal);
        Assert.Contains("rfm skipped", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not,the,header\n1,2,3\n", "is not a campaigns CSV: its first line must be the header")]
    [InlineData("campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend\nc1,email,x,y,z,notadate,2019-10-31,10\n", "Could not convert string \"notadate\" to 'DATE'")]
    [InlineData("campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend\nc1,email,,,,2019-10-01,2019-10-31,10\nfree,affiliate,n,a,a,2019-10-01,2019-10-31,\n", "campaigns.csv: line 3: spend is empty")] // the report died on its NULL spend
    [InlineData("campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend\nc1,,x,y,z,2019-10-01,2019-10-31,10\n", "campaigns.csv: line 2: channel is empty")]
    [InlineData("campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend\nc1,email,,,,2019-10-01,2019-10-31,1.500\nc2,email,x,y,z,2019-10-01,2019-10-31,0.004\n", "campaigns.csv: line 3: spend 0.004 has more than 2 decimals")]
    [InlineData("campaign_id,channel,utm_source,utm_medium,utm_campaign,start_date,end_date,spend\nc1,email,,,,2019-10-01,2019-10-31,0.000000000004\n", "campaigns.csv: line 2: spend 0.000000000004 has more than 2 decimals")] // 0.00, roi NULL, without a word
    public void A_campaigns_file_that_cannot_be_read_is_one_line_and_exit_2_before_any_model_runs(string content, string message)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        string campaigns = temp.File("campaigns.csv");
        File.WriteAllText(campaigns, content);

        var (code, output, error) = Cli.RunProcess("jobs", "run", "--out", temp.Path, "--campaigns", campaigns);

        Assert.Equal(2, code); // was exit 1 after three attempts of the model, and DuckDB's 1,000-character message twice
        Cli.AssertOneLineError(error);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("", Encoding.UTF8.GetString(output)); // no model ran
    }

    [Fact]
    public void A_bounded_schedule_whose_run_failed_exits_1()
    {
        using var temp = new TempFolder();
        string headerOnly = temp.File("header.csv");
        File.WriteAllText(headerOnly, File.ReadLines(RepoPaths.Rees46Sample).First() + "\n");
        Assert.Equal(0, Cli.Run("run", "-i", headerOnly, "-o", temp.Path, "-q", "--lake").ExitCode); // an empty silver, which jobs refuse

        var (code, output, _) = Cli.RunProcess("jobs", "schedule", "--out", temp.Path, "--cron", "* * * * * ?", "--max-runs", "1");

        Assert.Equal(1, code); // was 0, whatever the run did
        Assert.Contains("FAILED", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Contains("jobs: stopped after 1 run(s), 1 of them failed", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs", "run", "--select", "nope")]
    [InlineData("jobs", "run", "--attempts", "0")]
    [InlineData("jobs", "schedule", "--cron", "every night")]
    [InlineData("jobs", "schedule", "--cron", "0 0 0 31 2 ?", "--max-runs", "1")] // never fires: it once waited for nothing and exited 0
    [InlineData("jobs", "schedule", "--cron", "0 0 2 * * ?", "--select", "nope")]
    // Refused at the start, as jobs run refuses them: they failed each fire time, exit 1 at the end.
    [InlineData("jobs", "schedule", "--cron", "* * * * * ?", "--max-runs", "1", "--select", "campaign_roi")]
    [InlineData("jobs", "schedule", "--cron", "* * * * * ?", "--max-runs", "1", "--campaigns", "no-such-campaigns.csv")]
    [InlineData("jobs", "history", "--last", "0")]
    [InlineData("jobs", "run", "--campaigns", "no-such-campaigns.csv")]
    [InlineData("jobs", "run", "--select", "campaign_roi")]
    [InlineData("serve", "--jobs-cron", "every night")]
    public void Bad_jobs_arguments_exit_2_with_one_line(params string[] args)
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("lake"));
        var (code, error) = Cli.Run([.. args, "--out", temp.Path]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("shopstream: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaigns_folder_is_named_as_a_folder_not_as_no_such_file()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        var (code, error) = Cli.Run("jobs", "run", "--out", temp.Path, "--campaigns", temp.Path);
        Assert.Equal(2, code);
        Assert.Equal($"shopstream: {temp.Path} is a folder: name the campaigns CSV file", error.Trim());
    }

    [Fact]
    public void A_model_whose_input_cannot_be_read_failed_before_it_ran_not_after_0_attempts()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        foreach (string file in Directory.GetFiles(temp.File("lake/silver/events"), "*.parquet", SearchOption.AllDirectories))
            File.WriteAllText(file, "not parquet");

        var (code, error) = Cli.Run("jobs", "run", "--out", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("shopstream: model rfm failed before it ran: silver_events cannot be read", error, StringComparison.Ordinal);
        Assert.DoesNotContain("attempt(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_too_long_and_a_report_out_that_is_a_file_say_so()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("lake"));
        File.WriteAllText(temp.File("a-file"), "");

        var (vacuumCode, vacuumError) = Cli.Run("lake", "vacuum", "--out", temp.Path, "--retain", "10675200d");
        var (reportCode, reportError) = Cli.Run("report", "--out", temp.File("a-file"), "--lake", temp.File("lake"));

        Assert.Equal(2, vacuumCode);
        Assert.Contains("'10675200d' is too long a duration (at most 10,675,199d)", vacuumError, StringComparison.Ordinal); // was "is not a duration"
        Assert.Equal(2, reportCode); // was exit 1, "The file '...' already exists."
        Cli.AssertOneLineError(reportError);
        Assert.Contains("a-file is a file: the report is written into a run's output folder", reportError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reports_sessions_are_the_runs_and_silvers_under_late_events()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.OrdersSample, "-o", temp.Path, "-q", "--lake").ExitCode);
        Assert.Equal(0, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode);
        string Csv(params string[] args) => Encoding.UTF8.GetString(Cli.RunProcess(["query", "--out", temp.Path, "-f", "csv", .. args]).Output);
        string retailRfm = Csv("SELECT count(*) AS n FROM gold_rfm"), retailScd2 = Csv("SELECT count(*) AS n FROM gold_customers_scd2");
        var summary = Cli.ReadSummary(temp.Path);
        long sessions = (long)GoldenSummary.Lookup(summary, "sessions")!.Value, bought = (long)GoldenSummary.Lookup(summary, "sessions_with_purchase")!.Value;
        var distinct = Cli.RunProcess("query", "--out", temp.Path, "-f", "csv", "SELECT count(*) FROM (SELECT DISTINCT user_id, session_start FROM silver_events)");
        Assert.True((long)GoldenSummary.Lookup(summary, "late_events")!.Value > 10_000, "the test needs late events");
        Assert.Equal(sessions, long.Parse(Encoding.UTF8.GetString(distinct.Output).Split('\n')[1], CultureInfo.InvariantCulture)); // no session overlaps another

        Assert.Equal(0, Cli.Run("report", "--out", temp.Path).ExitCode);

        string report = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
        Assert.Contains($"| all sessions | {sessions.ToString("N0", CultureInfo.InvariantCulture)} | 100.0% |", report, StringComparison.Ordinal);
        Assert.Contains($"| bought | {bought.ToString("N0", CultureInfo.InvariantCulture)} |", report, StringComparison.Ordinal);

        // A later run without jobs run: the report's key figures are new, its RFM and cohorts old, and it says so.
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        var stale = Cli.RunProcess("report", "--out", temp.Path);
        Assert.Equal(0, stale.ExitCode);
        Assert.Equal("shopstream: warning: gold_rfm, gold_cohorts and gold_daily_kpis were built from silver_events version 0, and silver is now at version 1: "
            + "the report's RFM, cohort and daily figures are older than its key figures (run 'shopstream jobs run' first)", stale.Error.Trim());
        Assert.Contains("Note: gold_rfm, gold_cohorts and gold_daily_kpis were built from silver_events version 0, and silver is now at version 1, so the RFM, cohort and daily figures",
            File.ReadAllText(Path.Combine(temp.Path, "report.md")), StringComparison.Ordinal); // the file says so too, not only stderr

        // Time travel covers the jobs' tables too (they read as their latest whatever --version or --as-of said).
        Assert.Equal(0, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode);
        Assert.Equal(retailRfm, Csv("--version", "gold_rfm=0", "SELECT count(*) AS n FROM gold_rfm"));
        Assert.NotEqual(retailRfm, Csv("SELECT count(*) AS n FROM gold_rfm")); // the REES46 sample's customers now
        Assert.Equal(retailScd2, Csv("--version", "gold_customers_scd2=0", "SELECT count(*) AS n FROM gold_customers_scd2")); // a digit in the name
        Assert.NotEqual(retailScd2, Csv("SELECT count(*) AS n FROM gold_customers_scd2"));
        var before = Cli.RunProcess("query", "--out", temp.Path, "-f", "csv", "--as-of", "2000-01-01T00:00:00Z", "SELECT count(*) FROM gold_rfm");
        Assert.Equal(2, before.ExitCode); // no such view then
        Assert.Contains("these jobs' tables had no version yet, and have no view: gold_rfm", before.Error, StringComparison.Ordinal); // the tables it names
        var unknown = Cli.RunProcess("query", "--out", temp.Path, "--version", "gold_nope=0", "SELECT 1");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("gold_rfm", unknown.Error, StringComparison.Ordinal); // the tables listed include the jobs'
    }

    [Fact]
    public void A_damaged_gold_file_is_one_line_naming_it_not_duckdbs_sql_context()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        Assert.Equal(0, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode);
        string file = Directory.GetFiles(Path.Combine(temp.Path, "lake", "gold", "rfm"), "*.parquet").Single();
        using (var stream = File.OpenWrite(file))
            stream.SetLength(stream.Length - 20); // its footer's end, magic bytes included

        var (code, error) = Cli.Run("report", "--out", temp.Path);

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error); // was three lines: DuckDB's message, then "LINE 1: DESCRIBE SELECT ..." and a caret
        Assert.Contains($"No magic bytes found at end of file '{file}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LINE 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_log_entry_is_one_line_naming_the_table_version_and_line_not_an_unexpected_error()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        Assert.Equal(0, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode);
        string log = Path.Combine(temp.Path, "lake", "silver", "events", "_delta_log", "00000000000000000000.json");
        int lines = File.ReadAllLines(log).Length;
        File.AppendAllText(log, "{\"add\":{\"path\":\"x.parquet\"}}\n"); // an add without its size

        var (code, error) = Cli.Run("report", "--out", temp.Path);

        Assert.Equal(1, code); // was "unexpected error (FormatException)", and .NET's "The given key was not present in the dictionary"
        Cli.AssertOneLineError(error);
        Assert.Contains($"silver/events: Delta log version 0, line {lines + 1}: an action lacks a field it needs, or has one of the wrong type: the entry is damaged", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs", "run")]
    [InlineData("report")]
    public void Jobs_and_report_without_a_lake_exit_2(params string[] args)
    {
        using var temp = new TempFolder();
        var (code, error) = Cli.Run([.. args, "--out", temp.Path]);
        Assert.Equal(2, code);
        Assert.Contains("no lake at", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("query", "SELECT 1")]
    [InlineData("jobs", "run")]
    [InlineData("lake", "history", "--table", "silver_events")]
    public void A_folder_that_holds_no_run_s_lake_is_no_lake(params string[] args)
    {
        using var temp = new TempFolder(); // exists, empty: a run's folder given for its lake/, say

        var (code, error) = Cli.Run([.. args, "--lake", temp.Path]);

        Assert.Equal(2, code);
        Assert.Contains("no lake at", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path)); // jobs run wrote its history there
    }

    [Fact]
    public void A_table_whose_log_is_gone_fails_its_models_with_exit_1_and_the_other_tables_still_answer()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        Directory.Move(Path.Combine(temp.Path, "lake", "silver"), Path.Combine(temp.Path, "silver-elsewhere"));

        var (code, error) = Cli.Run("jobs", "run", "--out", temp.Path);
        var query = Cli.RunProcess("query", "--out", temp.Path, "-f", "csv", "SELECT count(*) AS n FROM gold_profiles");

        Assert.Equal(1, code); // was exit 2, "silver/events has no version 0 (Parameter 'version') Actual value was 0."
        Assert.Contains("silver/events has no version 0, which the lake's last run committed: its log is missing or damaged", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
        Assert.True(query.ExitCode == 0, query.Error);
        Assert.Equal("n\n1747\n", System.Text.Encoding.UTF8.GetString(query.Output));
    }

    [Fact]
    public void A_run_that_read_no_events_after_a_good_one_gets_a_report_of_no_events_without_the_old_jobs_tables()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "-i", RepoPaths.Rees46Sample, "-o", temp.Path, "-q", "--lake").ExitCode);
        Assert.Equal(0, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode);
        string empty = temp.File("empty.csv");
        File.WriteAllText(empty, File.ReadLines(RepoPaths.Rees46Sample).First() + "\n");
        Assert.Equal(0, Cli.Run("run", "-i", empty, "-o", temp.Path, "-q", "--lake").ExitCode);
        Assert.Equal(1, Cli.Run("jobs", "run", "--out", temp.Path).ExitCode); // an empty silver blocks: nothing committed

        var (code, output, error) = Cli.RunProcess("report", "--out", temp.Path);

        // It said "run 'shopstream jobs run' first" (exit 2) when no jobs had run, which an empty silver blocks; after a
        // good run's jobs it showed their RFM, cohorts and days under key figures of zero.
        Assert.Equal(0, code);
        Assert.Equal("", error); // no warning that the jobs' tables are older: they are not shown
        Assert.EndsWith("(no events, 0 recommendations)", Encoding.UTF8.GetString(output).Trim(), StringComparison.Ordinal); // was 0001-01-01..0001-01-01
        string md = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
        Assert.Contains("No events: the lake's last run accepted none.", md, StringComparison.Ordinal); // was "Data from 0001-01-01"
        Assert.DoesNotContain("hibernating", md, StringComparison.Ordinal); // the earlier run's RFM
        Assert.DoesNotContain("2019-10", md, StringComparison.Ordinal); // its cohorts and days
    }
}
