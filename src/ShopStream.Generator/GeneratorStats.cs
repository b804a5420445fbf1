using System.Text.Json;

namespace ShopStream.Generator;

/// <summary>
/// What a run wrote. <see cref="Records"/> = <see cref="Events"/> + <see cref="Duplicates"/> + <see cref="Malformed"/>.
/// <see cref="Late"/> and <see cref="OutOfOrder"/> are measured on the written stream exactly as ShopStream's watermark
/// sees it (largest event time so far, in file order, minus the allowed disorder), so a run over the output reports
/// <c>late_events</c> = Late, <c>duplicates_dropped</c> = Duplicates and <c>events_rejected</c> = Malformed.
/// </summary>
public sealed class GeneratorStats
{
    private readonly long[] _byType = new long[Enum.GetValues<EventKind>().Length];
    private readonly long[] _skipped = new long[Enum.GetValues<EventKind>().Length];
    private readonly long[] _malformed = new long[Enum.GetValues<Malformation>().Length];

    public required OutputFormat Format { get; init; }
    public required ulong Seed { get; init; }

    /// <summary>Records written (lines, header excluded).</summary>
    public long Records { get; internal set; }

    /// <summary>Valid, distinct events written (duplicates and malformed records excluded).</summary>
    public long Events { get; internal set; }

    public long Bytes { get; internal set; }
    public long Users { get; internal set; }
    public long Sessions { get; internal set; }
    public long Orders { get; internal set; }
    public long InventoryUpdates { get; internal set; }

    public long Duplicates { get; internal set; }
    public long Late { get; internal set; }
    public long OutOfOrder { get; internal set; }
    public long Malformed { get; internal set; }

    public DateTime FirstEventTime { get; internal set; }
    public DateTime LastEventTime { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }

    public long EventsOf(EventKind kind) => _byType[(int)kind];

    /// <summary>Events the format cannot carry, left out (searches and refunds in REES46; all but orders in the orders layout).</summary>
    public long SkippedOf(EventKind kind) => _skipped[(int)kind];

    public long MalformedOf(Malformation how) => _malformed[(int)how];

    internal void CountEvent(EventKind kind)
    {
        Events++;
        _byType[(int)kind]++;
    }

    internal void CountSkipped(EventKind kind) => _skipped[(int)kind]++;

    internal void CountMalformed(Malformation how)
    {
        Malformed++;
        _malformed[(int)how]++;
    }

    /// <summary>The stats as one JSON object (what <c>--stats FILE</c> writes).</summary>
    public void WriteJson(Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", Format switch { OutputFormat.Rees46 => "rees46", OutputFormat.JsonLines => "jsonl", _ => "orders" });
        w.WriteNumber("seed", Seed);
        w.WriteNumber("records", Records);
        w.WriteNumber("events", Events);
        w.WriteNumber("bytes", Bytes);
        w.WriteStartObject("events_by_type");
        foreach (var kind in Enum.GetValues<EventKind>())
            w.WriteNumber(GeneratorNames.Name(kind), EventsOf(kind));
        w.WriteEndObject();
        w.WriteStartObject("skipped_by_type");
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            if (SkippedOf(kind) > 0)
                w.WriteNumber(GeneratorNames.Name(kind), SkippedOf(kind));
        }

        w.WriteEndObject();
        w.WriteNumber("users", Users);
        w.WriteNumber("sessions", Sessions);
        w.WriteNumber("orders", Orders);
        w.WriteNumber("inventory_updates", InventoryUpdates);
        // null when nothing was generated (sparse traffic over a short --duration), not 0001-01-01
        if (Records > 0)
        {
            w.WriteString("first_event_time", FirstEventTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("last_event_time", LastEventTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("first_event_time");
            w.WriteNull("last_event_time");
        }

        w.WriteStartObject("faults");
        w.WriteNumber("duplicates", Duplicates);
        w.WriteNumber("late", Late);
        w.WriteNumber("out_of_order", OutOfOrder);
        w.WriteNumber("malformed", Malformed);
        w.WriteStartObject("malformed_by_reason");
        foreach (var how in Enum.GetValues<Malformation>())
        {
            if (MalformedOf(how) > 0)
                w.WriteNumber(GeneratorNames.Name(how), MalformedOf(how));
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("elapsed_seconds", Math.Round(Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
    }
}
