using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>Writes a seed into an argument list, keeping the user's layout and trivia.</summary>
internal static class SeedArgument
{
    /// <summary>The option both seed fixes read: the constant they write (default 0).</summary>
    public const string SeedValueOption = "seed_value";

    /// <summary>The seed as a C# expression (a negative value parses as a unary minus, as the compiler would read it).</summary>
    public static ExpressionSyntax Literal(int seed)
        => SyntaxFactory.ParseExpression(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// <paramref name="list"/> with the seed set: the explicit null argument replaced in place when there is one,
    /// else <c>seed: value</c> appended, on its own line when the existing arguments are one per line.
    /// </summary>
    public static ArgumentListSyntax WithSeed(ArgumentListSyntax list, ArgumentSyntax? explicitNull, string parameterName, ExpressionSyntax value)
    {
        if (explicitNull is not null)
        {
            var expression = explicitNull.Expression;
            var replacement = value.WithTriviaFrom(expression);
            return list.ReplaceNode(expression, replacement);
        }

        var argument = SyntaxFactory.Argument(
            SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)),
            default,
            value);

        var arguments = list.Arguments;
        if (arguments.Count == 0)
        {
            return list.WithArguments(arguments.Add(argument));
        }

        var last = arguments[arguments.Count - 1];
        SyntaxToken separator;
        if (arguments.SeparatorCount > 0 && arguments.GetSeparator(arguments.SeparatorCount - 1).TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
        {
            // One argument per line: put the seed on a line of its own, indented like the previous argument.
            separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(arguments.GetSeparator(arguments.SeparatorCount - 1).TrailingTrivia);
            argument = argument.WithLeadingTrivia(last.GetLeadingTrivia());
        }
        else
        {
            separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        }

        // Trivia after the last argument (a comment before ')') stays after the new last argument.
        var trailing = last.GetTrailingTrivia();
        var nodesAndTokens = arguments.GetWithSeparators()
            .Replace(last, last.WithoutTrailingTrivia())
            .Add(separator)
            .Add(argument.WithTrailingTrivia(trailing));
        return list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(nodesAndTokens));
    }
}
