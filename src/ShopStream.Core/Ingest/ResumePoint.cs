namespace ShopStream.Core.Ingest;

/// <summary>
/// A place in a run's inputs: after the record that starts at <paramref name="Line"/> of input number
/// <paramref name="InputIndex"/> (in the order the inputs were resolved). Reading resumed there goes on with the
/// next record, cutting blocks exactly as an uninterrupted read would from that point.
/// </summary>
public readonly record struct ResumePoint(int InputIndex, long Line) : IComparable<ResumePoint>
{
    public int CompareTo(ResumePoint other) =>
        InputIndex != other.InputIndex ? InputIndex.CompareTo(other.InputIndex) : Line.CompareTo(other.Line);
}
