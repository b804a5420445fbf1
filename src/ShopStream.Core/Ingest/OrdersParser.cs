using ShopStream.Core.Events;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Order lines in the UCI Online Retail layout:
/// <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>.
/// Each line is a <c>purchase</c>; an invoice starting with <c>C</c> is a cancellation (<c>refund</c>).
/// A non-numeric StockCode maps to a stable product id (<see cref="StableId"/>); a missing or <c>nan</c>
/// CustomerID is an anonymous buyer, mapped to a stable id per invoice so each anonymous order is one customer.
/// </summary>
public sealed class OrdersParser(StringPool pool) : IRecordParser
{
    private const int FieldCount = 8;
    private readonly FieldSlice[] _fields = new FieldSlice[FieldCount];
    private byte[] _scratch = new byte[RecordReader.DefaultMaxRecordBytes];
    private readonly RepeatCache _invoices = new();

    public InputFormat Format => InputFormat.Orders;

    public RejectReason Parse(ReadOnlySpan<byte> record, ref ShopEvent e)
    {
        if (_scratch.Length < record.Length)
            _scratch = new byte[record.Length];
        if (!CsvRow.TrySplit(record, _fields, _scratch, out var row) || row.Count != FieldCount)
            return RejectReason.FieldCount;

        e = default;
        var invoice = row[0];
        if (invoice.IsEmpty)
            return RejectReason.Id;
        if (!Timestamps.TryParseOrderDate(row[4], out e.EventTimeTicks))
            return RejectReason.EventTime;
        e.Type = invoice[0] is (byte)'C' or (byte)'c' ? EventType.Refund : EventType.Purchase;

        var reason = ProductId(row[1], out e.ProductId);
        if (reason != RejectReason.None)
            return reason;
        if (!Utf8Numbers.TryParseInt32(row[3], out e.Quantity))
            return RejectReason.Number;
        reason = FieldRules.Quantity(e.Quantity);
        if (reason == RejectReason.None)
            reason = FieldRules.Price(row[5], out e.Price);
        if (reason == RejectReason.None)
            reason = FieldRules.Line(e.Price, e.Quantity);
        if (reason == RejectReason.None)
            reason = CustomerId(row[6], invoice, out e.UserId);
        if (reason != RejectReason.None)
            return reason;

        e.OrderId = _invoices.Get(invoice);
        e.Country = pool.Intern(row[7]);
        e.Fingerprint = Fingerprint128.Of(e);
        return RejectReason.None;
    }

    private static RejectReason ProductId(ReadOnlySpan<byte> code, out long id)
    {
        id = 0;
        if (code.IsEmpty)
            return RejectReason.Id;
        if (!Utf8Numbers.IsDigits(code))
        {
            id = StableId.Of(code);
            return RejectReason.None;
        }

        return FieldRules.RequiredId(code, out id);
    }

    private static RejectReason CustomerId(ReadOnlySpan<byte> s, ReadOnlySpan<byte> invoice, out long id)
    {
        if (s.IsEmpty || s.SequenceEqual("nan"u8) || s.SequenceEqual("NaN"u8))
        {
            id = StableId.Anonymous(invoice);
            return RejectReason.None;
        }

        if (!Utf8Numbers.TryParseWholeNumber(s, out id))
            return RejectReason.Number;
        return id > 0 ? RejectReason.None : RejectReason.Id;
    }
}
