using ShopStream.Analytics.Quality;

namespace ShopStream.Analytics.Jobs;

/// <summary>A run of the gold models: each model's step, each check's result and the quality score.</summary>
public sealed record GoldRunResult(string RunId, DateTime RunTime, IReadOnlyList<ModelRun> Models, IReadOnlyList<QualityResult> Checks)
{
    /// <summary>Passed checks per check run, 0..100 (100 with no checks).</summary>
    public decimal QualityScore => Checks.Count == 0 ? 100m : Math.Round(100m * Checks.Count(c => c.Passed) / Checks.Count, 2, MidpointRounding.AwayFromZero);

    public IEnumerable<QualityResult> FailedBlockingChecks => Checks.Where(c => c.BlocksDownstream);

    /// <summary>True when every model ended well and no blocking check failed.</summary>
    public bool Succeeded => Models.All(m => ModelStatus.Stands(m.Status)) && !FailedBlockingChecks.Any();
}
