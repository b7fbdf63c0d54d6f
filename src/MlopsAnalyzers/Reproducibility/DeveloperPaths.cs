using System;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// Recognizes paths that exist on one developer's machine only (a user's home folder, Desktop, Downloads) and finds
/// where such a path comes from in a method: a constant, a local assigned once, the root of a <c>Path.Combine</c>,
/// the head of a concatenation or interpolation, or <c>Environment.GetFolderPath</c> of a per-user folder.
/// </summary>
internal static class DeveloperPaths
{
    // C:\Users\me, C:\Documents and Settings\me, /home/me, /Users/me: the home folder and what follows it.
    private static readonly Regex Home = new(
        @"^(?:[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+[^\\/]+|/home/[^/]+|/Users/[^/]+)(?<rest>(?:[\\/].*)?)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // Any absolute path that goes through a Desktop or Downloads folder.
    private static readonly Regex PersonalFolder = new(
        @"^(?:[A-Za-z]:)?[\\/](?:.*[\\/])?(?:Desktop|Downloads)(?<rest>(?:[\\/].*)?)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex LeadingPersonalFolder = new(
        @"^[\\/]+(?:Desktop|Downloads|Documents|My Documents|OneDrive)(?=[\\/]|$)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Where a developer-machine path comes from, and the path as written (or the per-user folder's name).</summary>
    public sealed class Source
    {
        internal Source(IOperation operation, string path, string relativePart, bool isWholePath)
        {
            Operation = operation;
            Path = path;
            RelativePart = relativePart;
            IsWholePath = isWholePath;
        }

        /// <summary>The expression that carries the machine-specific part (a literal, a constant, a GetFolderPath call).</summary>
        public IOperation Operation { get; }

        /// <summary>The path text (for the message).</summary>
        public string Path { get; }

        /// <summary>What follows the machine-specific folder, with forward slashes and no leading separator ("" when nothing).</summary>
        public string RelativePart { get; }

        /// <summary>
        /// True when <see cref="Operation"/> is the whole path value (the argument itself, a local's value, the root
        /// of a Path.Combine), so that it can be replaced by another expression that yields a path.
        /// </summary>
        public bool IsWholePath { get; }
    }

    /// <summary>True when <paramref name="path"/> is an absolute path in a user's home, Desktop or Downloads folder; gives the part after it.</summary>
    public static bool IsDeveloperMachinePath(string path, out string relativePart)
    {
        relativePart = "";
        if (path.IndexOfAny(new[] { '\n', '\r', '\0' }) >= 0)
        {
            // Not a path: a string literal still being typed swallows the following lines.
            return false;
        }

        var match = Home.Match(path);
        if (!match.Success)
        {
            match = PersonalFolder.Match(path);
        }

        if (!match.Success)
        {
            return false;
        }

        var rest = match.Groups["rest"].Value;
        rest = LeadingPersonalFolder.Replace(rest, "");
        relativePart = rest.Replace('\\', '/').Trim('/');
        return true;
    }

    /// <summary>The developer-machine path <paramref name="value"/> evaluates to, traced within its method, or null.</summary>
    public static Source? Find(IOperation value) => Find(value, isWholePath: true, depth: 0);

    private static Source? Find(IOperation value, bool isWholePath, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        value = value.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return IsDeveloperMachinePath(text, out var relative) ? new Source(value, text, relative, isWholePath) : null;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                return DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned
                    ? Find(assigned, isWholePath, depth + 1)
                    : null;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                return Find(concatenation.LeftOperand, isWholePath: false, depth + 1);

            case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0:
                return interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string head } } first
                    && IsDeveloperMachinePath(head, out var headRelative)
                    ? new Source(first, head, headRelative, isWholePath: false)
                    : null;

            case IInvocationOperation invocation when IsPathCombine(invocation.TargetMethod):
                return invocation.Arguments.Length > 0 && invocation.Arguments[0].Value is { } first2
                    ? Find(FirstCombineSegment(first2), isWholePath, depth + 1)
                    : null;

            case IInvocationOperation invocation when IsPersonalFolderLookup(invocation, out var folder):
                return new Source(invocation, folder, "", isWholePath);

            default:
                return null;
        }
    }

    /// <summary>Path.Combine(params string[]) binds its arguments in an array: the root is the array's first element.</summary>
    private static IOperation FirstCombineSegment(IOperation argument)
        => argument is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements } ? elements[0] : argument;

    private static bool IsPathCombine(IMethodSymbol method)
        => method.Name is "Combine" or "Join"
           && method.ContainingType is { Name: "Path", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary><c>Environment.GetFolderPath(SpecialFolder.Desktop)</c> and the other per-user folders.</summary>
    private static bool IsPersonalFolderLookup(IInvocationOperation invocation, out string folder)
    {
        folder = "";
        var method = invocation.TargetMethod;
        if (method.Name != "GetFolderPath"
            || method.ContainingType is not { Name: "Environment", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            || invocation.Arguments.Length == 0
            || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: int value })
        {
            return false;
        }

        // System.Environment.SpecialFolder values.
        folder = value switch
        {
            0 => "Desktop",
            5 => "MyDocuments",
            16 => "DesktopDirectory",
            40 => "UserProfile",
            _ => "",
        };
        return folder.Length > 0;
    }

    /// <summary>Splits a relative part into path segments.</summary>
    public static string[] Segments(string relativePart)
        => relativePart.Length == 0 ? Array.Empty<string>() : relativePart.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
}
