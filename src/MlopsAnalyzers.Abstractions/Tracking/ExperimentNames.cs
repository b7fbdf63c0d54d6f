using System;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The rule for experiment names. A name becomes a file name in the tracking folder, so it is kept to a safe set:
/// 1 to 100 characters, letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting with a letter or digit, and not a
/// reserved Windows device name (<c>CON</c>, <c>NUL</c>, <c>COM1</c>, ...). No name can escape the folder.
/// </summary>
public static class ExperimentNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 100;

    private static readonly string[] ReservedDeviceNames =
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => GetProblem(name) is null;

    /// <summary>Throws when <paramref name="name"/> does not follow the rule, saying why.</summary>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void Validate(string? name, string argument)
    {
        if (GetProblem(name) is { } problem)
        {
            throw new ArgumentException($"'{name}' is not a valid experiment name: {problem}.", argument);
        }
    }

    private static string? GetProblem(string? name)
    {
        if (name is null || name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        if (!char.IsLetterOrDigit(name[0]))
        {
            return "it must start with a letter or a digit";
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"'{c}' is not allowed (use letters, digits, '.', '_' and '-')";
            }
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
}
