using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShopStream.Generator.Output;

/// <summary>
/// Copies short byte runs in 16-byte blocks, inline, instead of calling the general memmove: rows are assembled
/// from a handful of 20-to-60-byte pieces. Blocks may read up to 15 bytes past the source and write up to 15 past
/// the destination's end, so both must have that much slack (<see cref="Slack"/>).
/// </summary>
internal static class SmallCopy
{
    public const int Slack = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Copy(ReadOnlySpan<byte> source, int sourceSlack, Span<byte> dest)
    {
        int length = source.Length;
        if (sourceSlack < Slack || dest.Length < length + Slack)
        {
            source.CopyTo(dest);
            return length;
        }

        ref byte from = ref MemoryMarshal.GetReference(source);
        ref byte to = ref MemoryMarshal.GetReference(dest);
        for (int i = 0; i < length; i += 16)
            Vector128.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
        return length;
    }
}
