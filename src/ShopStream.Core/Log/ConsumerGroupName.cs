using System.Text.RegularExpressions;

namespace ShopStream.Core.Log;

/// <summary>What an embedded log's consumer group may be called: its offsets file is named by it.</summary>
public static partial class ConsumerGroupName
{
    /// <exception cref="ArgumentException">Not 1..100 letters, digits, '.', '_' or '-', starting with a letter or digit.</exception>
    public static void Check(string group)
    {
        if (!Pattern().IsMatch(group))
            throw new ArgumentException($"a consumer group name is 1..100 letters, digits, '.', '_' or '-', starting with a letter or digit; got '{group}'");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Pattern();
}
