using ShopStream.Analytics.Quality;

namespace ShopStream.Analytics.Jobs;

/// <summary>A run of the gold models: each model's step, each check's result and the quality score.</summary>
/// <param name="RunNumber">
/// The run's place in the history (<c>run_number</c>: runs recorded before it, plus one), which orders it; the clock
/// does not: a run whose clock was behind an earlier one's was taken for the older, by the report and
/// <c>jobs history</c>. Two runs at once may share a number; their start times order them.
/// </param>
public sealed record GoldRunResult(string RunId, DateTime RunTime, IReadOnlyList<ModelRun> Models, IReadOnlyList<QualityResult> Checks, long RunNumber)
{
    /// <summary>Passed checks per check run, 0..100 (100 with no checks).</summary>
    public decimal QualityScore => Checks.Count == 0 ? 100m : Math.Round(100m * Checks.Count(c => c.Passed) / Checks.Count, 2, MidpointRounding.AwayFromZero);

    public IEnumerable<QualityResult> FailedBlockingChecks => Checks.Where(c => c.BlocksDownstream);

    /// <summary>True when every model ended well and no blocking check failed.</summary>
    public bool Succeeded => Models.All(m => ModelStatus.Stands(m.Status)) && !FailedBlockingChecks.Any();

    /// <summary>Stopped part way (<see cref="GoldRunner.RunAsync"/>'s token): the models after the one under way were skipped.</summary>
    public bool Interrupted { get; init; }
}
