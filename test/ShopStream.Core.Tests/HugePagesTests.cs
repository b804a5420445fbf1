using System.Globalization;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Tests;

/// <summary>The huge-page advice under large state arrays: the kernel marks exactly the array's whole huge pages.</summary>
public sealed class HugePagesTests
{
    private const long HugePage = 2 << 20;

    [Fact]
    public void Whole_huge_pages_inside_the_array_are_advised()
    {
        if (!OperatingSystem.IsLinux())
            return; // advice is Linux's madvise; elsewhere it does nothing
        var array = new long[3 << 20]; // 24 MiB: whole huge pages inside, wherever it lies
        var (start, length) = HugePages.Inside(array);

        HugePages.Advise(array);

        Assert.Equal(0, start % HugePage);
        Assert.True(length >= 22 << 20, $"{length} bytes advised");
        Assert.Contains("hg", VmFlagsAt(start)); // VM_HUGEPAGE, set by MADV_HUGEPAGE
        GC.KeepAlive(array);
    }

    [Fact]
    public void An_array_spanning_no_whole_huge_page_is_left_alone()
    {
        var (_, length) = HugePages.Inside(new byte[100_000]);

        Assert.Equal(0, length);
    }

    // The VmFlags of the mapping that holds the address, from /proc/self/smaps.
    private static string[] VmFlagsAt(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                ulong from = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong to = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = from <= (ulong)address && (ulong)address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }

    private static bool IsHex(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept("0123456789abcdef");
}
