using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>The layout conventions of the document being fixed: its line ending and its indentation.</summary>
internal static class Layout
{
    /// <summary>The line ending the document already uses ("\n" when it has none yet).</summary>
    public static string EndOfLine(SyntaxNode root)
        => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } eol ? eol : "\n";

    /// <summary>The whitespace before <paramref name="node"/> on its line.</summary>
    public static string IndentationOf(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var line = text.Lines.GetLineFromPosition(node.SpanStart);
        var prefix = text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.Start, node.SpanStart));
        return prefix.Length - prefix.TrimStart().Length == prefix.Length ? prefix : "";
    }

    /// <summary>
    /// <paramref name="text"/> (a node's text, several lines) with its second and later lines re-indented so that the
    /// shallowest of them starts at <paramref name="indentation"/>.
    /// </summary>
    public static string Reindent(string text, string indentation, string eol)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 1)
        {
            return text;
        }

        var minimum = lines.Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return lines[0] + eol + string.Join(eol, lines.Skip(1).Select(l => l.Trim().Length == 0 ? "" : indentation + l.Substring(minimum)));
    }
}
