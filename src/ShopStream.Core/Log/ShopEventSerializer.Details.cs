using System.Buffers.Binary;
using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Log;

/// <summary>
/// <see cref="ShopEvent.Details"/> in a version 2 payload, after the strings:
/// <code>
/// u16 which fields are present: bits 0..3 subtotal, tax, shipping, total; bits 4..8 payment method, channel,
///     utm_source, utm_medium, utm_campaign
/// each present money value as decimal.GetBits (4 × i32, scale kept), then each present text as the strings above
/// </code>
/// </summary>
public static partial class ShopEventSerializer
{
    private const byte HasDetails = 1;
    private const int MoneyFields = 4;
    private const int DetailFields = 9;

    private static long MaxDetailsSize(EventDetails? d) => d is null ? 0
        : 2 + (16 * MoneyFields) + MaxSize(d.PaymentMethod) + MaxSize(d.Channel) + MaxSize(d.UtmSource) + MaxSize(d.UtmMedium) + MaxSize(d.UtmCampaign);

    private static int WriteDetails(EventDetails details, Span<byte> d)
    {
        int present = MoneyBit(details.Subtotal, 0) | MoneyBit(details.Tax, 1) | MoneyBit(details.Shipping, 2) | MoneyBit(details.Total, 3)
            | (Bit(details.PaymentMethod, 4) | Bit(details.Channel, 5) | Bit(details.UtmSource, 6) | Bit(details.UtmMedium, 7) | Bit(details.UtmCampaign, 8));
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)present);
        int at = 2;
        foreach (var money in (ReadOnlySpan<decimal?>)[details.Subtotal, details.Tax, details.Shipping, details.Total])
        {
            if (money is { } value)
            {
                WriteDecimal(value, d[at..]);
                at += 16;
            }
        }

        at += WriteString(details.PaymentMethod, d[at..]);
        at += WriteString(details.Channel, d[at..]);
        at += WriteString(details.UtmSource, d[at..]);
        at += WriteString(details.UtmMedium, d[at..]);
        at += WriteString(details.UtmCampaign, d[at..]);
        return at;
    }

    private static EventDetails ReadDetails(ReadOnlySpan<byte> payload, ref int at, StringPool? pool)
    {
        if (payload.Length - at < 2)
            throw Invalid("its details are truncated");
        int present = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
        at += 2;
        if (present >> DetailFields != 0)
            throw Invalid($"its details hold unknown fields ({present:x4})");
        Span<decimal?> money = stackalloc decimal?[MoneyFields];
        for (int i = 0; i < MoneyFields; i++)
        {
            if ((present & (1 << i)) == 0)
                continue;
            if (payload.Length - at < 16)
                throw Invalid("its details are truncated");
            money[i] = ReadDecimal(payload[at..], "order money");
            at += 16;
        }

        // Labels take few values: interned with a pool, as the parser interns them.
        return new EventDetails
        {
            Subtotal = money[0],
            Tax = money[1],
            Shipping = money[2],
            Total = money[3],
            PaymentMethod = ReadString(payload, ref at, present, 4, pool),
            Channel = ReadString(payload, ref at, present, 5, pool),
            UtmSource = ReadString(payload, ref at, present, 6, pool),
            UtmMedium = ReadString(payload, ref at, present, 7, pool),
            UtmCampaign = ReadString(payload, ref at, present, 8, pool),
        };
    }

    private static int MoneyBit(decimal? value, int bit) => value is null ? 0 : 1 << bit;
}
