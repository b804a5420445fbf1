using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes CSV rows as UTF-8 straight into a pooled buffer: no string per value, so millions of profile and
/// session rows cost little next to processing. Times are SPEC's <c>2019-10-01T02:29:38Z</c>, money has two places.
/// </summary>
internal sealed class Utf8RowWriter(Stream output) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _pos;
    private bool _rowStarted;

    public void Int(long value)
    {
        Separator();
        Ensure(24);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int n);
        _pos += n;
    }

    public void Money(decimal value)
    {
        Separator();
        Ensure(40);
        Utf8Formatter.TryFormat(Math.Round(value, 2, MidpointRounding.AwayFromZero), _buffer.AsSpan(_pos), out int n, new StandardFormat('F', 2));
        _pos += n;
    }

    public void Bool(bool value)
    {
        Separator();
        Raw(value ? "true"u8 : "false"u8);
    }

    public void Time(DateTime utc)
    {
        Separator();
        Ensure(32);
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
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _pos += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_pos));
    }

    /// <summary>Writes a header or other literal line.</summary>
    public void Line(ReadOnlySpan<byte> text)
    {
        Raw(text);
        EndRow();
    }

    public void EndRow()
    {
        Raw("\n"u8);
        _rowStarted = false;
    }

    private void Separator()
    {
        if (_rowStarted)
            Raw(","u8);
        _rowStarted = true;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
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
