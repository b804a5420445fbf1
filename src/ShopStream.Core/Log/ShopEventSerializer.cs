using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Core.Log;

/// <summary>
/// Turns a <see cref="ShopEvent"/> into a log payload and back, exactly: every field, the fingerprint included,
/// decimals with their scale (1.50 stays 1.50), null apart from empty strings, and any .NET string (one with a lone
/// surrogate, which has no UTF-8 form, is kept as UTF-16). Layout (little-endian), version 2:
/// <code>
///  0 u8 version, u8 event type, u8 which strings are present (bit i), u8 flags (bit 0: details follow)
///  4 i64 event time ticks, i64 user id, i64 product id, i64 category id
/// 36 i32 quantity, then the price as decimal.GetBits (4 × i32)
/// 56 session id (Guid, 16 bytes), 72 fingerprint (u64 low, u64 high)
/// 88 present strings in the order category_code, brand, session text, source event id, order id, country,
///    user agent, ip: each a varint (length &lt;&lt; 1 | 1 if UTF-16) and its bytes
/// then, with flag bit 0, the <see cref="ShopEvent.Details"/> (see <c>ShopEventSerializer.Details.cs</c>)
/// </code>
/// Version 1 is version 2 without details (flags 0): logs written before details existed still read. The version
/// is checked first: a payload of any other version is refused with <see cref="LogFormatException"/>.
/// </summary>
public static partial class ShopEventSerializer
{
    public const byte Version = 2;

    /// <summary>The version before <see cref="ShopEvent.Details"/>: still read, never written.</summary>
    public const byte VersionWithoutDetails = 1;
    private const int FixedSize = 88;

    /// <summary>Adds <paramref name="e"/> to <paramref name="batch"/>, keyed by user id and stamped with its event time, without a copy.</summary>
    public static void Add(LogBatch batch, in ShopEvent e)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int written = WriteUnchecked(in e, batch.GetSpan(GetMaxByteCount(in e)));
        batch.Advance(e.UserId, e.EventTimeTicks, written);
    }

    /// <summary>An upper bound of <see cref="Write"/>'s size for <paramref name="e"/> (exact but for the strings).</summary>
    public static int GetMaxByteCount(in ShopEvent e)
    {
        long size = FixedSize + MaxSize(e.CategoryCode) + MaxSize(e.Brand) + MaxSize(e.SessionText) + MaxSize(e.SourceEventId)
            + MaxSize(e.OrderId) + MaxSize(e.Country) + MaxSize(e.UserAgent) + MaxSize(e.Ip) + MaxDetailsSize(e.Details);
        return size <= LogBatch.MaxBytes ? (int)size : throw new ArgumentException("the event's strings are too large for a log record", nameof(e));
    }

    /// <summary>Writes <paramref name="e"/>; <paramref name="destination"/> needs <see cref="GetMaxByteCount"/> bytes. Returns the bytes written.</summary>
    public static int Write(in ShopEvent e, Span<byte> destination)
    {
        if (destination.Length < GetMaxByteCount(in e))
            throw new ArgumentException($"the destination needs {GetMaxByteCount(in e)} bytes, has {destination.Length}", nameof(destination));
        return WriteUnchecked(in e, destination);
    }

    /// <summary>
    /// Reads a payload written by <see cref="Write"/>. With a <paramref name="pool"/>, category codes, brands and
    /// countries are interned as the parsers intern them (then one thread at a time per pool).
    /// </summary>
    public static void Read(ReadOnlySpan<byte> payload, out ShopEvent e, StringPool? pool = null)
    {
        e = default;
        if (payload.IsEmpty)
            throw Invalid("it is empty");
        if (payload[0] is not (Version or VersionWithoutDetails))
            throw new LogFormatException($"a ShopEvent payload has format version {payload[0]}; this build reads versions {VersionWithoutDetails} and {Version}");
        if (payload.Length < FixedSize)
            throw Invalid("it is truncated");
        int knownFlags = payload[0] == Version ? HasDetails : 0;
        if (payload[1] >= EventTypes.Count || (payload[3] & ~knownFlags) != 0)
            throw Invalid($"event type {payload[1]} or flags {payload[3]} are unknown");
        int present = payload[2];
        e.Type = (EventType)payload[1];
        e.EventTimeTicks = BinaryPrimitives.ReadInt64LittleEndian(payload[4..]);
        e.UserId = BinaryPrimitives.ReadInt64LittleEndian(payload[12..]);
        e.ProductId = BinaryPrimitives.ReadInt64LittleEndian(payload[20..]);
        e.CategoryId = BinaryPrimitives.ReadInt64LittleEndian(payload[28..]);
        e.Quantity = BinaryPrimitives.ReadInt32LittleEndian(payload[36..]);
        e.Price = ReadDecimal(payload[40..], "price");

        e.SessionId = new Guid(payload.Slice(56, 16));
        e.Fingerprint = new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(payload[80..]), BinaryPrimitives.ReadUInt64LittleEndian(payload[72..]));
        int at = FixedSize;
        e.CategoryCode = ReadString(payload, ref at, present, 0, pool);
        e.Brand = ReadString(payload, ref at, present, 1, pool);
        e.SessionText = ReadString(payload, ref at, present, 2, null);
        e.SourceEventId = ReadString(payload, ref at, present, 3, null);
        e.OrderId = ReadString(payload, ref at, present, 4, null);
        e.Country = ReadString(payload, ref at, present, 5, pool);
        e.UserAgent = ReadString(payload, ref at, present, 6, null);
        e.Ip = ReadString(payload, ref at, present, 7, null);
        if ((payload[3] & HasDetails) != 0)
            e.Details = ReadDetails(payload, ref at, pool);
        if (at != payload.Length)
            throw Invalid($"it has {payload.Length - at} bytes after the event");
    }

    private static int WriteUnchecked(in ShopEvent e, Span<byte> d)
    {
        d[0] = Version;
        d[1] = (byte)e.Type;
        d[2] = (byte)(Bit(e.CategoryCode, 0) | Bit(e.Brand, 1) | Bit(e.SessionText, 2) | Bit(e.SourceEventId, 3)
            | Bit(e.OrderId, 4) | Bit(e.Country, 5) | Bit(e.UserAgent, 6) | Bit(e.Ip, 7));
        d[3] = e.Details is null ? (byte)0 : HasDetails;
        BinaryPrimitives.WriteInt64LittleEndian(d[4..], e.EventTimeTicks);
        BinaryPrimitives.WriteInt64LittleEndian(d[12..], e.UserId);
        BinaryPrimitives.WriteInt64LittleEndian(d[20..], e.ProductId);
        BinaryPrimitives.WriteInt64LittleEndian(d[28..], e.CategoryId);
        BinaryPrimitives.WriteInt32LittleEndian(d[36..], e.Quantity);
        WriteDecimal(e.Price, d[40..]);
        e.SessionId.TryWriteBytes(d[56..]);
        BinaryPrimitives.WriteUInt64LittleEndian(d[72..], (ulong)e.Fingerprint);
        BinaryPrimitives.WriteUInt64LittleEndian(d[80..], (ulong)(e.Fingerprint >> 64));
        int at = FixedSize;
        at += WriteString(e.CategoryCode, d[at..]);
        at += WriteString(e.Brand, d[at..]);
        at += WriteString(e.SessionText, d[at..]);
        at += WriteString(e.SourceEventId, d[at..]);
        at += WriteString(e.OrderId, d[at..]);
        at += WriteString(e.Country, d[at..]);
        at += WriteString(e.UserAgent, d[at..]);
        at += WriteString(e.Ip, d[at..]);
        if (e.Details is { } details)
            at += WriteDetails(details, d[at..]);
        return at;
    }

    // decimal.GetBits as 4 × i32: the scale is kept, 1.50 stays 1.50.
    private static void WriteDecimal(decimal value, Span<byte> d)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        for (int i = 0; i < 4; i++)
            BinaryPrimitives.WriteInt32LittleEndian(d[(i * 4)..], bits[i]);
    }

    private static decimal ReadDecimal(ReadOnlySpan<byte> payload, string what)
    {
        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < 4; i++)
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(payload[(i * 4)..]);
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw Invalid($"its {what} is not a valid decimal");
        }
    }

    private static int Bit(string? s, int bit) => s is null ? 0 : 1 << bit;

    // UTF-8 needs at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units), the UTF-16 fallback 2.
    private static long MaxSize(string? s) => s is null ? 0 : VarintSize(((ulong)s.Length * 3 << 1) | 1) + (s.Length * 3L);

    private static int WriteString(string? s, Span<byte> d)
    {
        if (s is null)
            return 0;

        // The length prefix is sized for the worst case before the length is known and padded if shorter, so the
        // string is encoded once, in place. Short strings (under 21 units) always get a one-byte prefix.
        int prefix = VarintSize(((ulong)s.Length * 3 << 1) | 1);
        var body = d[prefix..];
        ulong utf16 = 0;
        if (Utf8.FromUtf16(s, body, out _, out int length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // A lone surrogate has no UTF-8 form: keep the UTF-16 code units, so the string still comes back exactly.
            for (int i = 0; i < s.Length; i++)
                BinaryPrimitives.WriteUInt16LittleEndian(body[(i * 2)..], s[i]);
            length = s.Length * 2;
            utf16 = 1;
        }

        ulong value = ((ulong)length << 1) | utf16;
        for (int i = 0; i < prefix - 1; i++, value >>= 7)
            d[i] = (byte)(0x80 | (value & 0x7F));
        d[prefix - 1] = (byte)value;
        return prefix + length;
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, ref int at, int present, int bit, StringPool? pool)
    {
        if ((present & (1 << bit)) == 0)
            return null;
        ulong header = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (at >= payload.Length || shift > 35)
                throw Invalid("a string length is truncated");
            byte b = payload[at++];
            header |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                break;
        }

        ulong length = header >> 1;
        if (length > (ulong)(payload.Length - at))
            throw Invalid("a string is truncated");
        var bytes = payload.Slice(at, (int)length);
        at += (int)length;
        if ((header & 1) != 0)
        {
            var chars = new char[bytes.Length / 2];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]);
            return new string(chars);
        }

        if (bytes.IsEmpty)
            return "";
        return pool is not null ? pool.Intern(bytes) : Encoding.UTF8.GetString(bytes);
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static LogFormatException Invalid(string why) => new($"a ShopEvent payload is not valid: {why}");
}
