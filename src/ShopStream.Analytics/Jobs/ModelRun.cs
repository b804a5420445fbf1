namespace ShopStream.Analytics.Jobs;

/// <summary>One model's step of a run: its status, attempts, rows, the table version it left, and its inputs' versions.</summary>
public sealed record ModelRun(
    string RunId,
    string Model,
    int ModelVersion,
    string Status,
    int Attempts,
    long Rows,
    long? TableVersion,
    IReadOnlyDictionary<string, long> Inputs,
    DateTime StartedAt,
    DateTime FinishedAt,
    string Message);
