using ShopStream.Core.Ingest;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Inventory;

/// <summary>
/// Reads inventory JSON lines into a ledger, in input order; a record that fails validation goes to the dead
/// letters with its reason, as event records do (read = applied + rejected).
/// </summary>
public static class InventoryReader
{
    public static (long Read, long Rejected) Read(IReadOnlyList<InputFile> inputs, InventoryLedger ledger, IRejectSink rejects)
    {
        var parser = new StockChangeParser(new StringPool());
        long read = 0, rejected = 0;
        foreach (var input in inputs)
        {
            using var stream = input.Open(out _);
            using var records = new RecordReader(stream, csvQuotes: false);
            RecordStatus status;
            while ((status = records.Read()) != RecordStatus.End)
            {
                var record = records.Current;
                if (status == RecordStatus.Record && record.IsWhiteSpaceOnly())
                    continue;
                read++;
                StockChange change = default;
                var reason = status == RecordStatus.TooLarge ? RejectReason.TooLarge
                    : !RecordText.IsValid(record) ? RejectReason.Encoding
                    : RejectReason.None;
                if (reason == RejectReason.None)
                    reason = parser.Parse(record, out change);
                if (reason == RejectReason.None)
                {
                    ledger.Apply(change);
                    continue;
                }

                rejected++;
                rejects.Reject(input.Name, records.Line, reason, record, records.RecordLength);
            }
        }

        return (read, rejected);
    }
}
