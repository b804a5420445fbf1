namespace ShopStream.Cli;

/// <summary>Process exit codes, stable for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something unexpected failed (a bug, or the disk).</summary>
    public const int Failed = 1;
    /// <summary>Bad input or arguments: a missing or unreadable file, an unknown format, a bad option value.</summary>
    public const int BadInput = 2;
}
