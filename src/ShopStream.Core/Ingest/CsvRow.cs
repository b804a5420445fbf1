using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShopStream.Core.Ingest;

/// <summary>
/// The fields of one CSV record (RFC 4180: a field that starts with a quote is quoted, <c>""</c> escapes a quote;
/// a quote inside an unquoted field is literal; text after a closing quote makes the record malformed). Fields
/// without escapes point into the record; unescaped ones are copied into a caller-provided scratch buffer, so
/// splitting allocates nothing.
/// </summary>
internal readonly ref struct CsvRow
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly ReadOnlySpan<byte> _scratch;
    private readonly ReadOnlySpan<FieldSlice> _fields;

    private CsvRow(ReadOnlySpan<byte> record, ReadOnlySpan<byte> scratch, ReadOnlySpan<FieldSlice> fields)
    {
        _record = record;
        _scratch = scratch;
        _fields = fields;
    }

    public int Count => _fields.Length;

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var f = _fields[index];
            return (f.InScratch ? _scratch : _record).Slice(f.Start, f.Length);
        }
    }

    /// <summary>
    /// Splits <paramref name="record"/>; false when it has more fields than <paramref name="fields"/> holds, or when
    /// text follows a quoted field's closing quote (<c>"a"b</c>). The second is how a stray quote usually shows: it opens a
    /// field that the next quote in the file closes, lines later, joining those lines into one record whose fields
    /// come from different rows. Read leniently, such a record could pass as one made-up event, and the rows it
    /// swallowed would be counted nowhere.
    /// </summary>
    /// <param name="scratch">At least as long as the record.</param>
    public static bool TrySplit(ReadOnlySpan<byte> record, Span<FieldSlice> fields, Span<byte> scratch, out CsvRow row)
    {
        int simple = SplitUnquoted(record, fields);
        if (simple >= 0)
        {
            row = new CsvRow(record, scratch, fields[..simple]);
            return true;
        }

        if (simple == TooManyFields)
        {
            row = default;
            return false;
        }

        int count = 0, pos = 0, scratchUsed = 0;
        bool quoted = true;
        while (true)
        {
            if (count == fields.Length)
            {
                row = default;
                return false;
            }

            var rest = record[pos..];
            if (quoted && !rest.IsEmpty && rest[0] == '"')
            {
                int consumed = ReadQuoted(rest, scratch[scratchUsed..], out int written);
                if (consumed < 0)
                {
                    row = default;
                    return false;
                }

                pos += consumed;
                fields[count++] = new FieldSlice(scratchUsed, written, true);
                scratchUsed += written;
            }
            else
            {
                int comma = rest.IndexOf((byte)',');
                int len = comma < 0 ? rest.Length : comma;
                fields[count++] = new FieldSlice(pos, len, false);
                pos += len;
            }

            if (pos >= record.Length)
                break;
            pos++; // the comma
            if (pos == record.Length)
            {
                // A trailing comma ends with one more, empty, field.
                if (count == fields.Length)
                {
                    row = default;
                    return false;
                }

                fields[count++] = new FieldSlice(pos, 0, false);
                break;
            }
        }

        row = new CsvRow(record, scratch, fields[..count]);
        return true;
    }

    private const int HasQuotes = -1;
    private const int TooManyFields = -2;

    // The common case, a record without quotes: finds the commas 32 bytes at a time. Returns the field count,
    // HasQuotes when the record needs the quote-aware path, or TooManyFields.
    private static int SplitUnquoted(ReadOnlySpan<byte> record, Span<FieldSlice> fields)
    {
        int count = 0, fieldStart = 0, i = 0;
        ref byte start = ref MemoryMarshal.GetReference(record);
        if (Vector256.IsHardwareAccelerated)
        {
            var commas = Vector256.Create((byte)',');
            var quotes = Vector256.Create((byte)'"');
            for (; i + Vector256<byte>.Count <= record.Length; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (Vector256.EqualsAny(v, quotes))
                    return HasQuotes;
                uint mask = Vector256.Equals(v, commas).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    if (count == fields.Length)
                        return TooManyFields;
                    fields[count++] = new FieldSlice(fieldStart, at - fieldStart, false);
                    fieldStart = at + 1;
                    mask &= mask - 1;
                }
            }
        }

        for (; i < record.Length; i++)
        {
            byte b = Unsafe.Add(ref start, i);
            if (b == '"')
                return HasQuotes;
            if (b != ',')
                continue;
            if (count == fields.Length)
                return TooManyFields;
            fields[count++] = new FieldSlice(fieldStart, i - fieldStart, false);
            fieldStart = i + 1;
        }

        if (count == fields.Length)
            return TooManyFields;
        fields[count++] = new FieldSlice(fieldStart, record.Length - fieldStart, false);
        return count;
    }

    // Reads a quoted field from its opening quote to its closing quote; returns bytes consumed, or -1 when anything
    // but a comma or the record's end follows the closing quote, or the record ends inside the quotes.
    private static int ReadQuoted(ReadOnlySpan<byte> s, Span<byte> dest, out int written)
    {
        written = 0;
        for (int i = 1; i < s.Length; i++)
        {
            byte b = s[i];
            if (b != '"')
            {
                dest[written++] = b;
                continue;
            }

            if (i + 1 < s.Length && s[i + 1] == '"')
            {
                dest[written++] = (byte)'"';
                i++;
                continue;
            }

            return i + 1 == s.Length || s[i + 1] == ',' ? i + 1 : -1;
        }

        return -1;
    }
}

internal readonly record struct FieldSlice(int Start, int Length, bool InScratch);
