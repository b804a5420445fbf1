namespace ShopStream.Generator;

/// <summary>
/// Faults injected on request, each a share of generated events (an event gets at most one fault).
/// Duplicates add an exact copy of a record a few seconds (of event time) after it; late records are delivered
/// more than the allowed disorder after their event time; out-of-order ones within it; malformed ones replace
/// the record with one that fails validation for a known reason.
/// </summary>
public sealed record FaultRates
{
    public static readonly FaultRates None = new();

    public double Duplicates { get; init; }
    public double Late { get; init; }
    public double Disorder { get; init; }
    public double Malformed { get; init; }

    /// <summary>True when any fault is requested.</summary>
    public bool Any => Duplicates + Late + Disorder + Malformed > 0;

    public void Validate()
    {
        foreach (var (name, rate) in new[] { ("duplicates", Duplicates), ("late", Late), ("disorder", Disorder), ("malformed", Malformed) })
        {
            if (rate is not (>= 0 and <= 1))
                throw new ArgumentException($"the {name} rate must be within 0..1, got {rate}");
        }

        if (Duplicates + Late + Disorder + Malformed > 1)
            throw new ArgumentException("fault rates must add up to at most 1 (an event gets at most one fault)");
    }
}
