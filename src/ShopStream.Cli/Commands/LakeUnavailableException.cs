namespace ShopStream.Cli.Commands;

/// <summary>The lake <c>serve --lake</c> reads could not be read (storage unreachable, a broken table): exit 1 (the arguments may be fine).</summary>
internal sealed class LakeUnavailableException(string message, Exception inner) : Exception(message, inner);
