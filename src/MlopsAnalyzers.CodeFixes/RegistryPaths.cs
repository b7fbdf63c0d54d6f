using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// The compile-time value of a model path, and where it puts the model: the registry fixes register a model in the
/// folder (or bucket, or container) the code wrote it to, so they need the whole path, not only its file name.
/// </summary>
internal static class RegistryPaths
{
    private const int MaxDepth = 8;

    /// <summary>
    /// The whole value of a path when it is known at compile time: a constant, <c>Path.Combine</c> of constants, through
    /// locals assigned once and constant or read-only fields. Null otherwise (a parameter, configuration, a call).
    /// </summary>
    public static string? ConstantPath(IOperation value, MlNetSymbols symbols, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (value)
        {
            case ILocalReferenceOperation local when DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned:
                return ConstantPath(assigned, symbols, depth + 1);
            case IFieldReferenceOperation field when field.Field.IsReadOnly && ModelArtifacts.GetFieldInitializer(field.Field, value.SemanticModel) is { } initializer:
                return initializer.SyntaxTree == value.Syntax.SyntaxTree && value.SemanticModel?.GetOperation(initializer) is { } initialOperation
                    ? ConstantPath(initialOperation, symbols, depth + 1)
                    : initializer is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;
            case IInvocationOperation call when call.TargetMethod.Name == "Combine" && ModelArtifacts.IsPathCombine(call, symbols, out var parts) && parts.Count > 0:
                string? combined = null;
                foreach (var part in parts)
                {
                    if (ConstantPath(part, symbols, depth + 1) is not { } text)
                    {
                        return null;
                    }

                    combined = Combine(combined, text);
                }

                return combined;
            default:
                return null;
        }
    }

    /// <summary>
    /// The folder and file name of a path: the folder is what precedes the last separator (<c>.</c> when there is
    /// none, the separator itself for a file at the root).
    /// </summary>
    public static (string Folder, string FileName) Split(string path)
    {
        var slash = path.LastIndexOfAny(new[] { '/', '\\' });
        if (slash < 0)
        {
            return (".", path);
        }

        var folder = path.Substring(0, slash);
        return (folder.Length == 0 || folder.EndsWith(":", StringComparison.Ordinal) ? path.Substring(0, slash + 1) : folder, path.Substring(slash + 1));
    }

    /// <summary>A registry model name from a file name (see <see cref="ModelRegistryRewrite.GetModelName(string)"/>).</summary>
    public static string? NameOf(string fileName) => ModelRegistryRewrite.GetModelName(fileName);

    /// <summary>The string literal syntax a value is built from, through locals assigned once and constant or read-only fields.</summary>
    public static void CollectLiterals(IOperation value, MlNetSymbols symbols, HashSet<SyntaxNode> found, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string } }:
                    found.Add(operation.Syntax);
                    break;
                case IInterpolatedStringTextOperation text:
                    found.Add(text.Syntax);
                    break;
                case ILocalReferenceOperation local when DataFlow.GetSingleAssignedValue(operation.GetRoot(), local.Local) is { } assigned:
                    CollectLiterals(assigned, symbols, found, depth + 1);
                    break;
                case IFieldReferenceOperation field when ModelArtifacts.GetFieldInitializer(field.Field, operation.SemanticModel) is { } initializer:
                    if (initializer.SyntaxTree == operation.Syntax.SyntaxTree && operation.SemanticModel?.GetOperation(initializer) is { } initialOperation)
                    {
                        CollectLiterals(initialOperation, symbols, found, depth + 1);
                    }
                    else
                    {
                        found.Add(initializer);
                    }

                    break;
            }
        }
    }

    private static string Combine(string? first, string second)
    {
        if (first is null || IsRooted(second))
        {
            return second;
        }

        if (first.Length == 0)
        {
            return second;
        }

        var separator = first.IndexOf('\\') >= 0 || second.IndexOf('\\') >= 0 ? '\\' : '/';
        return first[first.Length - 1] is '/' or '\\' ? first + second : first + separator + second;
    }

    private static bool IsRooted(string path)
        => path.Length > 0 && (path[0] is '/' or '\\' || (path.Length > 1 && path[1] == ':'));
}
