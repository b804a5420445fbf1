using System.Security.Cryptography;
using System.Text;

namespace ShopStream.Api.Collector;

/// <summary>
/// A set of secret keys, checked in constant time: the presented key and every configured key are hashed with
/// SHA-256 and all hashes are compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither a
/// key's length nor its position in the set nor how many leading characters match shows in the timing.
/// </summary>
public sealed class KeySet
{
    private readonly byte[][] _hashes;

    public KeySet(IEnumerable<string> keys) => _hashes = keys.Select(Hash).ToArray();

    public bool IsEmpty => _hashes.Length == 0;

    /// <summary>The index of the matching key (a stable id for rate limiting), or -1.</summary>
    public int Match(string? presented)
    {
        if (presented is null)
            return -1;
        var hash = Hash(presented);
        int found = -1;
        for (int i = 0; i < _hashes.Length; i++)
        {
            // No early exit: every key is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]))
                found = i;
        }

        return found;
    }

    /// <summary>
    /// Keys from a file (one per line; blank lines and lines starting with <c>#</c> skipped) and/or a comma-separated
    /// list such as an environment variable's value.
    /// </summary>
    /// <param name="listName">What <paramref name="list"/> is, for the error (an environment variable's name).</param>
    /// <exception cref="ArgumentException">The file cannot be read or holds no key, or the list is set but holds none (<c>" "</c>,
    /// <c>","</c>): either would otherwise leave reads open, silently.</exception>
    public static IReadOnlyList<string> Read(string? file, string? list, string listName)
    {
        var keys = new List<string>();
        if (file is not null)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"key file '{file}' cannot be read: {ex.Message}", ex); // .NET's message alone named no option
            }

            foreach (var line in lines)
            {
                var key = line.Trim();
                if (key.Length > 0 && key[0] != '#')
                    keys.Add(key);
            }

            if (keys.Count == 0)
                throw new ArgumentException($"key file '{file}' holds no key (one a line; blank lines and lines starting with # are skipped)");
        }

        if (!string.IsNullOrEmpty(list))
        {
            var listed = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (listed.Length == 0)
                throw new ArgumentException($"{listName} is set but holds no key (keys are separated by commas); unset it for none");
            keys.AddRange(listed);
        }

        return keys;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
