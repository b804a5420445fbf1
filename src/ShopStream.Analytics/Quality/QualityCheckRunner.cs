using System.Globalization;
using ShopStream.Core.Text;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Analytics.Quality;

/// <summary>
/// Evaluates checks with DuckDB over the views of a run. Table and column names are validated identifiers (the table
/// a known view, the columns present in it); values and bounds are bound as parameters.
/// </summary>
public sealed class QualityCheckRunner(DuckDbConnection connection, DateTime runTime)
{
    /// <summary>How far past the run's time a freshness check's latest value may lie (clocks that disagree a little) and pass.</summary>
    public const double FutureSkewHours = 1;

    /// <summary>
    /// The check's outcome. A table whose damage shows only when its rows are read (a page of a data file, where the
    /// file's footer is whole) fails the check with DuckDB's reason, so that the run goes on to record it.
    /// </summary>
    public QualityResult Evaluate(QualityCheck check)
    {
        try
        {
            return EvaluateReadable(check);
        }
        catch (DuckDbException ex)
        {
            return QualityResult.Unreadable(check, ErrorText.FirstParagraph(ex.Message));
        }
    }

    private QualityResult EvaluateReadable(QualityCheck check)
    {
        string table = Quote(check.Table);
        var present = Columns(check.Table);
        foreach (var column in check.Columns.Append(check.Column).OfType<string>())
        {
            if (!present.Contains(column))
                return new QualityResult(check, false, 0, $"no column {column}", $"a column {column} in {check.Table}");
        }

        switch (check.Kind)
        {
            case QualityCheckKind.NotNull:
            {
                long n = Count($"SELECT count(*) FROM {table} WHERE {Quote(check.Column!)} IS NULL");
                return new QualityResult(check, n == 0, n, $"{n} NULL", "0 NULL");
            }

            case QualityCheckKind.Unique:
            {
                string key = string.Join(", ", check.Columns.Select(Quote));
                long n = Count($"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)");
                return new QualityResult(check, n == 0, n, $"{n} repeated keys", "0 repeated keys");
            }

            case QualityCheckKind.AcceptedValues:
            {
                connection.Execute("CREATE OR REPLACE TEMP TABLE dq_accepted (value VARCHAR)");
                using (var insert = connection.Prepare("INSERT INTO dq_accepted VALUES ($1)"))
                {
                    foreach (var v in check.Values)
                        insert.Bind(1, v).Execute();
                }

                string column = Quote(check.Column!);
                long n = Count($"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND CAST({column} AS VARCHAR) NOT IN (SELECT value FROM dq_accepted)");
                return new QualityResult(check, n == 0, n, $"{n} other values", string.Join("|", check.Values));
            }

            case QualityCheckKind.Range:
            {
                string column = Quote(check.Column!);
                using var statement = connection.Prepare($"SELECT count(*) FROM {table} WHERE CAST({column} AS DOUBLE) < $1 OR CAST({column} AS DOUBLE) > $2");
                statement.Bind(1, check.Min ?? double.NegativeInfinity).Bind(2, check.Max ?? double.PositiveInfinity);
                using var result = statement.Query();
                long n = Convert.ToInt64(result.FirstValue(), CultureInfo.InvariantCulture);
                return new QualityResult(check, n == 0, n, $"{n} out of range", $"[{check.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {check.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]");
            }

            case QualityCheckKind.Freshness:
            {
                var latest = connection.Scalar($"SELECT max({Quote(check.Column!)}) FROM {table}") as DateTime?;
                double? ageHours = latest is { } t ? (runTime - t).TotalHours : null;
                // Data from the future (beyond an hour of clock skew) is no sign of freshness: a wrong clock or time zone upstream.
                bool fresh = ageHours is { } age && age <= check.MaxAgeHours && age >= -FutureSkewHours;
                string observed = latest is not { } l ? "no rows"
                    : ageHours < -FutureSkewHours ? $"latest {l:yyyy-MM-dd'T'HH:mm:ss'Z'}, {-ageHours:0.#} h in the future"
                    : $"latest {l:yyyy-MM-dd'T'HH:mm:ss'Z'}, {ageHours:0.#} h old";
                return new QualityResult(check, fresh, fresh ? 0 : 1, observed, $"at most {check.MaxAgeHours:0.#} h old");
            }

            case QualityCheckKind.RowCount:
            {
                long n = Count($"SELECT count(*) FROM {table}");
                bool ok = n >= check.Min && (check.Max is null || n <= check.Max);
                return new QualityResult(check, ok, ok ? 0 : 1, $"{n} rows", $"at least {check.Min:0}");
            }

            default:
            {
                decimal left = Number(check.Left!);
                decimal right = Number(check.Right!);
                decimal tolerance = check.Tolerance + (check.TolerancePerRow > 0 ? check.TolerancePerRow * Count($"SELECT count(*) FROM {table}") : 0m);
                bool ok = Math.Abs(left - right) <= tolerance;
                return new QualityResult(check, ok, ok ? 0 : 1, QualityChecks.Format(left), QualityChecks.Format(right) + (tolerance > 0 ? $" ± {QualityChecks.Format(tolerance)}" : ""));
            }
        }
    }

    private HashSet<string> Columns(string view)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var result = connection.Query($"DESCRIBE {Quote(view)}");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
                names.Add(chunk.Column(0).String(r));
        }

        return names;
    }

    private long Count(string sql) => Convert.ToInt64(connection.Scalar(sql), CultureInfo.InvariantCulture);

    private decimal Number(string sql) => connection.Scalar(sql) switch
    {
        null => 0m,
        decimal d => d,
        long l => l,
        Int128 h => (decimal)h, // the sum of BIGINT counts
        double d => (decimal)d,
        var v => throw new InvalidDataException($"a reconciliation query returned {v.GetType().Name}, not a number"),
    };

    // Names are validated identifiers (QualityChecks.Validate): quoting only keeps keywords such as "date" usable.
    private static string Quote(string identifier) => "\"" + identifier + "\"";
}
