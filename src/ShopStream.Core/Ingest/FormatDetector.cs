using System.Text;
using ShopStream.Core.Text;

namespace ShopStream.Core.Ingest;

/// <summary>Recognises a source's format from its first record, and makes the parser for a format.</summary>
public static class FormatDetector
{
    public static InputFormat? Detect(ReadOnlySpan<byte> firstRecord)
    {
        var s = firstRecord.TrimStart(" \t"u8);
        if (!s.IsEmpty && s[0] == '{')
            return InputFormat.JsonLines;
        if (s.StartsWith("event_time,event_type,"u8))
            return InputFormat.Rees46;
        if (s.StartsWith("InvoiceNo,StockCode,"u8))
            return InputFormat.Orders;
        return null;
    }

    /// <summary>True when a file's first <paramref name="record"/> is the header line of <paramref name="format"/> (skipped, not a record).</summary>
    public static bool IsHeader(InputFormat format, ReadOnlySpan<byte> record) => format switch
    {
        InputFormat.Rees46 => record.StartsWith("event_time,event_type,"u8),
        InputFormat.Orders => record.StartsWith("InvoiceNo,StockCode,"u8),
        _ => false,
    };

    /// <summary>
    /// A header line as compared when it comes again later in a file (files joined end to end): without the UTF-8 BOM
    /// the joined file may carry there, and without trailing blanks. Only the file's own header, whole, is skipped
    /// then: a record that merely starts like one is a record.
    /// </summary>
    public static ReadOnlySpan<byte> HeaderText(ReadOnlySpan<byte> record)
    {
        if (record.StartsWith("\uFEFF"u8))
            record = record[3..];
        return record.TrimEnd(" \t\r"u8);
    }

    private static readonly (InputFormat Format, string Header)[] s_csvHeaders =
    [
        (InputFormat.Rees46, "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session"),
        (InputFormat.Orders, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"),
    ];

    /// <summary>
    /// For a first line of no format that names three or more of a CSV format's columns (in another order, or with
    /// others), the header that format needs: "pass --format" then rejected every row, as columns are read by position.
    /// </summary>
    public static string? HeaderHint(ReadOnlySpan<byte> firstRecord)
    {
        var names = ColumnNames(firstRecord).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (format, header) in s_csvHeaders)
        {
            int named = header.Split(',').Count(names.Contains);
            if (named >= 3)
                return $"it names {named} of the {Name(format)} columns, but {MustStart(format, header)}";
        }

        return null;
    }

    /// <summary>
    /// For a header line of <paramref name="format"/> (<see cref="IsHeader"/>: known by its first two columns) whose
    /// columns are not the format's, in its order (names in any case), what is wrong; else null. Read by position, a
    /// header with the rest reordered had its rows rejected, or, where the values still parsed (a brand and a category
    /// swapped), accepted in the wrong fields.
    /// </summary>
    public static string? HeaderMismatch(InputFormat format, ReadOnlySpan<byte> header)
    {
        string expected = s_csvHeaders.FirstOrDefault(h => h.Format == format).Header;
        if (expected is null || ColumnNames(header).SequenceEqual(expected.Split(','), StringComparer.OrdinalIgnoreCase))
            return null;
        return $"its header is not the {Name(format)} header: {MustStart(format, expected)}";
    }

    private static string MustStart(InputFormat format, string header) =>
        $"a {Name(format)} file must start with the header {header}, its columns in that order (they are read by position)";

    private static string[] ColumnNames(ReadOnlySpan<byte> line) =>
        [.. Encoding.UTF8.GetString(HeaderText(line)).Split(',').Select(n => n.Trim().Trim('"').Trim())];

    public static IRecordParser CreateParser(InputFormat format, StringPool pool) => format switch
    {
        InputFormat.Rees46 => new Rees46Parser(pool),
        InputFormat.Orders => new OrdersParser(pool),
        InputFormat.JsonLines => new JsonLinesParser(pool),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Parses a user-facing format name (<c>rees46</c>, <c>orders</c>, <c>jsonl</c>).</summary>
    public static InputFormat? ParseName(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "rees46" or "csv" => InputFormat.Rees46,
        "orders" or "online-retail" => InputFormat.Orders,
        "jsonl" or "json" => InputFormat.JsonLines,
        _ => throw new InputException($"unknown format '{name}' (expected rees46, orders or jsonl)"),
    };

    /// <summary>The name <see cref="ParseName"/> reads: <c>rees46</c>, <c>orders</c> or <c>jsonl</c>.</summary>
    public static string Name(InputFormat format) => format switch
    {
        InputFormat.Rees46 => "rees46",
        InputFormat.Orders => "orders",
        _ => "jsonl",
    };
}
