using System.Runtime.CompilerServices;
using System.Text;

namespace ShopStream.Core.Output;

/// <summary>Text fields.</summary>
internal sealed partial class Utf8RowWriter
{
    // Well above the few hundred distinct categories, brands and segments of a shop, so that two values that share
    // a slot (by reference hash) and alternate, re-encoding each other's bytes on every row, are rare.
    private const int TextSlots = 2048;

    /// <summary>
    /// The last text seen in each slot (by reference) with its CSV bytes: profile rows repeat a few hundred
    /// pooled category and brand names, so each is checked for quoting and encoded once rather than per row.
    /// A slot's bytes are reused, so values that never repeat cost no allocation either.
    /// </summary>
    private readonly TextSlot[] _texts = new TextSlot[TextSlots];

    /// <summary>A text field, quoted only when it holds a comma, quote or line end; null is empty.</summary>
    public void Text(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
            return;
        ref var slot = ref _texts[RuntimeHelpers.GetHashCode(value) & (TextSlots - 1)];
        if (!ReferenceEquals(slot.Text, value))
            slot.Set(value);
        Ensure(slot.Length + RowReserve);
        Raw(slot.Utf8.AsSpan(0, slot.Length));
    }

    private struct TextSlot
    {
        public string? Text;
        public byte[]? Utf8;
        public int Length;

        public void Set(string value)
        {
            bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
            string text = quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
            int max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (Utf8 is null || Utf8.Length < max)
                Utf8 = new byte[Math.Max(max, 64)];
            Length = Encoding.UTF8.GetBytes(text, Utf8);
            Text = value;
        }
    }
}
