using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes CSV rows as UTF-8 straight into a pooled buffer: no string per value, and room for a row's fixed-size
/// values is reserved once per row, so millions of profile and session rows cost little next to processing.
/// Times are SPEC's <c>2019-10-01T02:29:38Z</c>, money has two places.
/// </summary>
internal sealed partial class Utf8RowWriter(Stream output) : IDisposable
{
    /// <summary>Room for any row's numbers, times and separators (text values reserve their own).</summary>
    private const int RowReserve = 1024;

    /// <summary>"yyyy-MM-ddT": the part of a time <see cref="Time"/> formats once per day.</summary>
    private const int DateLength = 11;

    /// <summary>Days whose date text is kept (by day number modulo this): profile rows, in user order, jump between the days of a run.</summary>
    private const int DateSlots = 64;

    // A megabyte per write: profile and session files run to hundreds of megabytes, and a write at least as
    // large as the FileStream's own buffer goes straight to the file instead of being copied into it first.
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _pos;
    private bool _rowStarted;
    private readonly byte[] _dateTexts = new byte[DateSlots * DateLength];
    private readonly long[] _dateDays = NoDays();

    public void Int(long value)
    {
        Separator();
        if (value < 0)
        {
            _buffer[_pos++] = (byte)'-';
            value = -value; // ids and counts are never long.MinValue
        }

        WriteDigits((ulong)value);
    }

    public void Money(decimal value)
    {
        Separator();
        if (value == 0)
        {
            Raw("0.00"u8); // most product rows: views only
            return;
        }

        // Prices and their sums have at most two places: the cents are the mantissa, no decimal rounding needed.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        ulong mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] == 0 && scale <= 2 && mantissa < 10_000_000_000_000_000UL)
        {
            ulong whole = scale == 2 ? mantissa : scale == 1 ? mantissa * 10 : mantissa * 100;
            if (bits[3] < 0)
                _buffer[_pos++] = (byte)'-';
            WriteDigits(whole / 100);
            _buffer[_pos++] = (byte)'.';
            _buffer[_pos++] = (byte)('0' + whole / 10 % 10);
            _buffer[_pos++] = (byte)('0' + whole % 10);
            return;
        }

        decimal cents = Math.Round(value, 2, MidpointRounding.AwayFromZero) * 100;
        if (cents is > -1e18m and < 1e18m)
        {
            long c = (long)cents;
            if (c < 0)
            {
                _buffer[_pos++] = (byte)'-';
                c = -c;
            }

            WriteDigits((ulong)(c / 100));
            _buffer[_pos++] = (byte)'.';
            _buffer[_pos++] = (byte)('0' + c / 10 % 10);
            _buffer[_pos++] = (byte)('0' + c % 10);
            return;
        }

        var text = Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        _pos += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_pos));
    }

    /// <summary>A ratio with four decimal places.</summary>
    public void Rate(decimal value)
    {
        Separator();
        Utf8Formatter.TryFormat(Math.Round(value, 4, MidpointRounding.AwayFromZero), _buffer.AsSpan(_pos), out int written, new StandardFormat('F', 4));
        _pos += written;
    }

    /// <summary>
    /// <paramref name="part"/> / <paramref name="whole"/> with four places (0 when <paramref name="whole"/> is 0), in
    /// integer arithmetic: the same digits as <see cref="Rate"/> of the decimal quotient, without a decimal
    /// division and format per value (product rows number in the millions).
    /// </summary>
    public void Ratio(long part, long whole)
    {
        Separator();
        if (whole == 0 || part == 0)
        {
            Raw("0.0000"u8);
            return;
        }

        // Counts, so both are non-negative and far below 2^63 / 10^4.
        long scaled = Math.DivRem(part * 10_000, whole, out long rest);
        if (rest * 2 >= whole)
            scaled++; // half away from zero
        WriteDigits((ulong)(scaled / 10_000));
        _buffer[_pos++] = (byte)'.';
        long fraction = scaled % 10_000;
        for (long unit = 1000; unit > 0; unit /= 10)
            _buffer[_pos++] = (byte)('0' + fraction / unit % 10);
    }

    /// <summary>A decimal rounded to four places, without trailing zeros (<c>22.5</c>, <c>200</c>).</summary>
    public void Number(decimal value)
    {
        Separator();
        Math.Round(value, 4, MidpointRounding.AwayFromZero).TryFormat(_buffer.AsSpan(_pos), out int written, "0.####", System.Globalization.CultureInfo.InvariantCulture);
        _pos += written;
    }

    public void Bool(bool value)
    {
        Separator();
        Raw(value ? "true"u8 : "false"u8);
    }

    public void Time(DateTime utc)
    {
        Separator();
        // Rows' times fall on few days: each day's date is formatted once, a whole second on a known day costs the
        // time of day alone. A fraction of a second takes the full format.
        long ticks = utc.Ticks;
        if (ticks % TimeSpan.TicksPerSecond != 0)
        {
            _pos += Iso8601.Format(utc, _buffer.AsSpan(_pos));
            return;
        }

        long day = ticks / TimeSpan.TicksPerDay;
        int slot = (int)(day % DateSlots);
        var date = _dateTexts.AsSpan(slot * DateLength, DateLength);
        var dest = _buffer.AsSpan(_pos, DateLength + 9);
        if (_dateDays[slot] != day)
        {
            Iso8601.Format(utc, dest);
            dest[..DateLength].CopyTo(date);
            _dateDays[slot] = day;
        }
        else
        {
            date.CopyTo(dest);
            int second = (int)((ticks - day * TimeSpan.TicksPerDay) / TimeSpan.TicksPerSecond);
            Iso8601.Two(dest, DateLength, second / 3600);
            dest[DateLength + 2] = (byte)':';
            Iso8601.Two(dest, DateLength + 3, second / 60 % 60);
            dest[DateLength + 5] = (byte)':';
            Iso8601.Two(dest, DateLength + 6, second % 60);
            dest[DateLength + 8] = (byte)'Z';
        }

        _pos += DateLength + 9;
    }

    private static long[] NoDays()
    {
        var days = new long[DateSlots];
        Array.Fill(days, long.MinValue);
        return days;
    }

    /// <summary>Writes a header or other literal line.</summary>
    public void Line(ReadOnlySpan<byte> text)
    {
        Ensure(text.Length + RowReserve);
        Raw(text);
        EndRow();
    }

    public void EndRow()
    {
        _buffer[_pos++] = (byte)'\n';
        _rowStarted = false;
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            _buffer[_pos++] = (byte)',';
            return;
        }

        Ensure(RowReserve);
        _rowStarted = true;
    }

    private void WriteDigits(ulong value)
    {
        if (value < 10)
        {
            _buffer[_pos++] = (byte)('0' + value); // most counts in profile and session rows
            return;
        }

        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written);
        _pos += written;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    private void Ensure(int bytes)
    {
        if (_pos + bytes <= _buffer.Length)
            return;
        Flush();
        if (bytes > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    public void Flush()
    {
        output.Write(_buffer, 0, _pos);
        _pos = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
