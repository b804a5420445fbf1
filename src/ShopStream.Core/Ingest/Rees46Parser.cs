using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>
/// REES46 clickstream CSV:
/// <c>event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session</c>.
/// </summary>
public sealed class Rees46Parser(StringPool pool) : IRecordParser
{
    private const int FieldCount = 9;
    private readonly FieldSlice[] _fields = new FieldSlice[FieldCount];
    private byte[] _scratch = new byte[RecordReader.DefaultMaxRecordBytes];
    private MinuteCache _times;

    public InputFormat Format => InputFormat.Rees46;

    public RejectReason Parse(ReadOnlySpan<byte> record, ref ShopEvent e)
    {
        if (_scratch.Length < record.Length)
            _scratch = new byte[record.Length];
        if (!CsvRow.TrySplit(record, _fields, _scratch, out var row) || row.Count != FieldCount)
            return RejectReason.FieldCount;

        e = default;
        if (!_times.TryParse(row[0], out e.EventTimeTicks))
            return RejectReason.EventTime;
        if (!EventTypes.TryParse(row[1], out e.Type))
            return RejectReason.EventType;
        var reason = FieldRules.RequiredId(row[2], out e.ProductId);
        if (reason == RejectReason.None)
            reason = FieldRules.OptionalId(row[3], out e.CategoryId);
        if (reason == RejectReason.None)
            reason = FieldRules.Price(row[6], out e.Price);
        if (reason == RejectReason.None)
            reason = FieldRules.RequiredId(row[7], out e.UserId);
        if (reason != RejectReason.None)
            return reason;

        e.CategoryCode = pool.Intern(row[4]);
        e.Brand = pool.Intern(row[5]);
        e.Quantity = 1;
        var session = row[8];
        if (!session.IsEmpty && !Utf8Guids.TryParse(session, out e.SessionId))
            e.SessionText = Encoding.UTF8.GetString(session);
        e.Fingerprint = Fingerprint128.Of(e);
        return RejectReason.None;
    }
}
