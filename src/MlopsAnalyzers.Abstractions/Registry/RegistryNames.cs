using System;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// The rules for model, alias and artifact names. A name becomes a folder or file name under the registry root, so it
/// must never escape it: 1 to 100 ASCII letters, digits, '.', '-' and '_', starting with a letter or digit, not ending
/// with '.', and not a reserved Windows device name (CON, NUL, COM1, ...). Separators, "..", rooted paths, spaces and
/// other characters are rejected with an <see cref="ArgumentException"/> that says why.
/// </summary>
public static class RegistryNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 100;

    private static readonly string[] ReservedDeviceNames =
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Throws an <see cref="ArgumentException"/> when <paramref name="name"/> is not a valid model name.</summary>
    public static void ValidateModelName(string name, string parameterName = "name") => Validate(name, "model name", parameterName);

    /// <summary>Throws an <see cref="ArgumentException"/> when <paramref name="name"/> is not a valid artifact name.</summary>
    public static void ValidateArtifactName(string name, string parameterName = "artifactName") => Validate(name, "artifact name", parameterName);

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when <paramref name="alias"/> is not a valid alias: the name rules, not
    /// only digits (it would read as a version), and not <see cref="ModelAliases.Latest"/> (reserved).
    /// </summary>
    public static void ValidateAlias(string alias, string parameterName = "alias")
    {
        Validate(alias, "alias", parameterName);
        if (IsVersionNumber(alias))
        {
            throw new ArgumentException($"The alias '{alias}' is a number, which would read as a version number.", parameterName);
        }

        if (string.Equals(alias, ModelAliases.Latest, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The alias '{ModelAliases.Latest}' is reserved: it always means the highest version.", parameterName);
        }
    }

    /// <summary>True when <paramref name="name"/> is a valid model name.</summary>
    public static bool IsValidModelName(string? name) => Problem(name) is null;

    /// <summary>True for the canonical form of a positive version number ("1", "12"; not "0", "01" or "+1").</summary>
    public static bool IsVersionNumber(string? text) => TryParseVersion(text, out _);

    /// <summary>The highest version number: version numbers have at most nine digits.</summary>
    internal const int HighestVersion = 999_999_999;

    internal static bool TryParseVersion(string? text, out int version)
    {
        version = 0;
        if (string.IsNullOrEmpty(text) || text!.Length > 9 || text[0] < '1' || text[0] > '9')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            version = (version * 10) + (c - '0');
        }

        return true;
    }

    private static void Validate(string name, string what, string parameterName)
    {
        if (name is null)
        {
            throw new ArgumentNullException(parameterName, $"The {what} is null.");
        }

        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"'{name}' is not a valid {what}: {problem}. Use 1 to {MaxLength} letters, digits, '.', '-' and '_', starting with a letter or digit.", parameterName);
        }
    }

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name!.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        foreach (var c in name)
        {
            if (c == '/' || c == '\\')
            {
                return "it contains a path separator";
            }

            if (c == ':')
            {
                return "it contains ':' (a drive or stream separator)";
            }

            if (!IsAllowed(c))
            {
                return c <= ' ' || c == '\u007f' ? "it contains a space or a control character" : $"it contains the character '{c}'";
            }
        }

        if (name == "." || name == ".." || name.Contains(".."))
        {
            return "it contains '..'";
        }

        if (!IsLetterOrDigit(name[0]))
        {
            return "it does not start with a letter or digit";
        }

        if (name[name.Length - 1] == '.')
        {
            return "it ends with '.'";
        }

        var stem = name.Split('.')[0];
        foreach (var reserved in ReservedDeviceNames)
        {
            if (string.Equals(stem, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return $"'{reserved}' is a reserved device name on Windows";
            }
        }

        return null;
    }

    private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    private static bool IsAllowed(char c) => IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
}
