using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShopStream.Core.Processing;

/// <summary>
/// Asks Linux for transparent huge pages (2 MiB) under a large, long-lived array of state: its user slots, its user
/// index. Each 4 KiB page is otherwise faulted in on first touch (a 5M-event run touches about 600 MB of user
/// state, a kernel fault and cgroup charge per page), and looked up through a TLB that random access across the
/// table keeps missing. Machines here default THP to <c>madvise</c>, so the runtime's heap gets none unless asked.
/// Measured in-process on 5M events, five alternating pairs: CPU 9.12-9.63 s against 9.82-10.57 s (system time
/// 0.80-0.95 s against 0.99-1.48 s). Advice only: where THP is off, or on another OS, nothing changes.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long Size = 2 << 20;

    /// <summary>Advises the whole huge pages inside <paramref name="array"/>, which must not be touched yet (pages already faulted in stay small).</summary>
    public static void Advise<T>(T[] array)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var (start, length) = Inside(array);
        if (length > 0)
            _ = Madvise(start, (nuint)length, MadvHugePage); // advice: a refusal leaves small pages, which work
    }

    /// <summary>The huge-page-aligned part of the array's elements (empty when it spans no whole huge page).</summary>
    internal static (nint Start, long Length) Inside<T>(T[] array)
    {
        long first = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array)));
        long end = first + ((long)array.Length * Unsafe.SizeOf<T>());
        long from = (first + Size - 1) & ~(Size - 1);
        long to = end & ~(Size - 1);
        return to > from ? ((nint)from, to - from) : (0, 0);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
