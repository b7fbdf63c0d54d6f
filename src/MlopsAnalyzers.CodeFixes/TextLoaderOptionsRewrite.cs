using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Data;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// The rewrites the MLOPS602 and MLOPS603 fixes share: set a member in a <c>new TextLoader.Options { ... }</c>
/// initializer (replacing the value where it is written, else adding it in the initializer's layout), set a loader
/// argument, and turn a parameter overload of <c>LoadFromTextFile</c> / <c>CreateTextLoader</c> into its options
/// overload with the same settings.
/// </summary>
internal static class TextLoaderOptionsRewrite
{
    /// <summary>The initializer of <paramref name="creation"/> with <paramref name="member"/> set to <paramref name="value"/>.</summary>
    public static BaseObjectCreationExpressionSyntax WithMember(BaseObjectCreationExpressionSyntax creation, string member, ExpressionSyntax value)
    {
        var initializer = creation.Initializer;
        if (initializer is null)
        {
            var created = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                Token(SyntaxKind.OpenBraceToken, SyntaxFactory.Space, SyntaxFactory.Space),
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(Assignment(member, value)),
                Token(SyntaxKind.CloseBraceToken, SyntaxFactory.Space, null));
            var trailing = creation.GetTrailingTrivia();
            return creation.WithoutTrailingTrivia().WithInitializer(created.WithTrailingTrivia(trailing));
        }

        foreach (var expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } existing && name.Identifier.ValueText == member)
            {
                return creation.ReplaceNode(existing.Right, value.WithTriviaFrom(existing.Right));
            }
        }

        var expressions = initializer.Expressions;
        var assignment = Assignment(member, value);
        if (expressions.Count == 0)
        {
            var open = initializer.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia)
                ? initializer.OpenBraceToken
                : initializer.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.Space);
            var close = initializer.CloseBraceToken.LeadingTrivia.Count == 0 ? initializer.CloseBraceToken.WithLeadingTrivia(SyntaxFactory.Space) : initializer.CloseBraceToken;
            return creation.WithInitializer(initializer.WithOpenBraceToken(open).WithExpressions(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment)).WithCloseBraceToken(close));
        }

        var last = expressions[expressions.Count - 1];
        var nodes = new List<SyntaxNodeOrToken>();
        var multiline = last.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia)
            || (expressions.SeparatorCount > 0 && expressions.GetSeparator(expressions.SeparatorCount - 1).TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            || initializer.CloseBraceToken.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia)
            || (last.GetLeadingTrivia().Any(SyntaxKind.WhitespaceTrivia) && initializer.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia));
        foreach (var item in expressions.GetWithSeparators())
        {
            nodes.Add(item);
        }

        var hasTrailingComma = expressions.SeparatorCount == expressions.Count;
        if (multiline)
        {
            var newLine = SyntaxFactory.EndOfLine("\n");
            foreach (var trivia in last.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    newLine = trivia;
                }
            }

            if (hasTrailingComma)
            {
                nodes.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()));
                nodes.Add(SyntaxFactory.Token(default, SyntaxKind.CommaToken, expressions.GetSeparator(expressions.SeparatorCount - 1).TrailingTrivia));
            }
            else
            {
                nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
                nodes.Add(Token(SyntaxKind.CommaToken, null, newLine));
                nodes.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(last.GetTrailingTrivia()));
            }
        }
        else if (hasTrailingComma)
        {
            nodes.Add(assignment.WithLeadingTrivia(SyntaxFactory.Space));
            nodes.Add(Token(SyntaxKind.CommaToken, null, null));
        }
        else
        {
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            nodes.Add(Token(SyntaxKind.CommaToken, null, SyntaxFactory.Space));
            nodes.Add(assignment.WithTrailingTrivia(last.GetTrailingTrivia()));
        }

        return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodes)));
    }

    /// <summary><c>new[] { 'c' }</c>.</summary>
    public static ExpressionSyntax SeparatorArray(ExpressionSyntax separator)
        => SyntaxFactory.ParseExpression("new[] { " + separator.WithoutTrivia().ToFullString() + " }");

    public static ExpressionSyntax CharLiteral(char value)
        => SyntaxFactory.LiteralExpression(SyntaxKind.CharacterLiteralExpression, SyntaxFactory.Literal(value));

    public static ExpressionSyntax True => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary>
    /// A parameter overload call turned into its options overload: the catalog, path and data sample arguments kept,
    /// every other argument moved into a <c>new TextLoader.Options { ... }</c> (the separator as <c>Separators</c>, the
    /// columns as <c>Columns</c>), followed by <paramref name="extra"/> members. Null when an argument cannot be moved.
    /// </summary>
    public static InvocationExpressionSyntax? ToOptionsOverload(InvocationExpressionSyntax call, IInvocationOperation invocation, string optionsTypeName, IEnumerable<(string Member, ExpressionSyntax Value)> extra)
    {
        var kept = new List<ArgumentSyntax>();
        var members = new List<(string Member, ExpressionSyntax Value)>();
        ArgumentSyntax? dataSample = null;
        foreach (var argumentSyntax in call.ArgumentList.Arguments)
        {
            var argument = FindArgument(invocation, argumentSyntax);
            switch (argument?.Parameter?.Name)
            {
                case "catalog" or "path":
                    kept.Add(argumentSyntax);
                    break;
                case "dataSample":
                    dataSample = argumentSyntax;
                    break;
                case "separatorChar":
                    members.Add(("Separators", SeparatorArray(argumentSyntax.Expression)));
                    break;
                case "columns":
                    members.Add(("Columns", argumentSyntax.Expression.WithoutTrivia()));
                    break;
                case "hasHeader":
                    members.Add(("HasHeader", argumentSyntax.Expression.WithoutTrivia()));
                    break;
                case "allowQuoting":
                    members.Add(("AllowQuoting", argumentSyntax.Expression.WithoutTrivia()));
                    break;
                case "trimWhitespace":
                    members.Add(("TrimWhitespace", argumentSyntax.Expression.WithoutTrivia()));
                    break;
                case "allowSparse":
                    members.Add(("AllowSparse", argumentSyntax.Expression.WithoutTrivia()));
                    break;
                default:
                    return null;
            }
        }

        members.AddRange(extra);
        var assignments = new List<ExpressionSyntax>();
        foreach (var (member, value) in members)
        {
            assignments.Add(Assignment(member, value));
        }

        var options = SyntaxFactory.ObjectCreationExpression(
            Token(SyntaxKind.NewKeyword, null, SyntaxFactory.Space),
            SyntaxFactory.ParseTypeName(optionsTypeName).WithTrailingTrivia(SyntaxFactory.Space),
            null,
            SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                Token(SyntaxKind.OpenBraceToken, null, SyntaxFactory.Space),
                SyntaxFactory.SeparatedList(assignments, Commas(assignments.Count - 1)),
                Token(SyntaxKind.CloseBraceToken, SyntaxFactory.Space, null)));

        var arguments = new List<ArgumentSyntax>();
        foreach (var argument in kept)
        {
            arguments.Add(argument.WithoutTrivia());
        }

        arguments.Add(SyntaxFactory.Argument(options));
        if (dataSample is not null)
        {
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, "dataSample", default)), Token(SyntaxKind.ColonToken, null, SyntaxFactory.Space)), default, dataSample.Expression.WithoutTrivia()));
        }

        var list = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments, Commas(arguments.Count - 1)))
            .WithTriviaFrom(call.ArgumentList);
        return call.WithArgumentList(list);
    }

    private static IArgumentOperation? FindArgument(IInvocationOperation invocation, ArgumentSyntax syntax)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Syntax == syntax)
            {
                return argument;
            }
        }

        return null;
    }

    private static IEnumerable<SyntaxToken> Commas(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Token(SyntaxKind.CommaToken, null, SyntaxFactory.Space);
        }
    }

    /// <summary>A token with exactly the trivia given (no elastic trivia, so the code action's formatting leaves it as written).</summary>
    private static SyntaxToken Token(SyntaxKind kind, SyntaxTrivia? leading, SyntaxTrivia? trailing)
        => SyntaxFactory.Token(
            leading is { } l ? SyntaxFactory.TriviaList(l) : default,
            kind,
            trailing is { } t ? SyntaxFactory.TriviaList(t) : default);

    private static AssignmentExpressionSyntax Assignment(string member, ExpressionSyntax value)
        => SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, member, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            Token(SyntaxKind.EqualsToken, null, SyntaxFactory.Space),
            value.WithoutTrivia());
}
