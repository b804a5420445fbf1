using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes CSV rows as UTF-8 straight into a pooled buffer: no string per value, and room for a row's fixed-size
/// values is reserved once per row, so millions of profile and session rows cost little next to processing.
/// Times are SPEC's <c>2019-10-01T02:29:38Z</c>, money has two places.
/// </summary>
internal sealed class Utf8RowWriter(Stream output) : IDisposable
{
    /// <summary>Room for any row's numbers, times and separators (text values reserve their own).</summary>
    private const int RowReserve = 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _pos;
    private bool _rowStarted;

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

    public void Bool(bool value)
    {
        Separator();
        Raw(value ? "true"u8 : "false"u8);
    }

    public void Time(DateTime utc)
    {
        Separator();
        _pos += Iso8601.Format(utc, _buffer.AsSpan(_pos));
    }

    /// <summary>A text field, quoted only when it holds a comma, quote or line end; null is empty.</summary>
    public void Text(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
            return;
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        string text = quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length) + RowReserve);
        _pos += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_pos));
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
