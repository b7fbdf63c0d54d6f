using System;
using System.IO;
using System.Security.Cryptography;

namespace MlopsAnalyzers.Abstractions;

/// <summary>Identifies training data, for <see cref="ModelRegistration.TrainingDataFingerprint"/>.</summary>
public static class DataFingerprint
{
    /// <summary>The SHA-256 of a data file, as <c>sha256:&lt;hex&gt;</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string OfFile(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        using var stream = File.OpenRead(path);
        return "sha256:" + Hashing.Sha256Hex(stream);
    }
}

internal static class Hashing
{
    public static string Sha256Hex(Stream stream)
    {
        using var sha = SHA256.Create();
        return ToHex(sha.ComputeHash(stream));
    }

    public static string Sha256Hex(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return ToHex(sha.ComputeHash(bytes));
    }

    private static string ToHex(byte[] hash)
    {
        var chars = new char[hash.Length * 2];
        for (var i = 0; i < hash.Length; i++)
        {
            chars[2 * i] = "0123456789abcdef"[hash[i] >> 4];
            chars[(2 * i) + 1] = "0123456789abcdef"[hash[i] & 0xF];
        }

        return new string(chars);
    }
}
