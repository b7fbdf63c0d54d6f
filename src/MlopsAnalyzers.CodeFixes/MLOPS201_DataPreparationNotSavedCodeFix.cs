using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Skew;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS201: saves <c>prep.Append(model)</c> instead of <c>model</c>, and with a schema argument, the raw data's
/// <c>raw.Schema</c> instead of the prepared data's. Offered when the preparation and the raw data are in scope at the
/// call and the raw data is stable (a local assigned once, a parameter never reassigned, a read-only field).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DataPreparationNotSavedCodeFix)), Shared]
public sealed class DataPreparationNotSavedCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS201.SaveWholeChain";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DataPreparationNotSaved);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        var symbols = target.Symbols;
        if (target.NodeAt(context.Span).FirstAncestorOrSelf<ArgumentSyntax>() is not { } modelArgumentSyntax
            || modelArgumentSyntax.Parent?.Parent is not InvocationExpressionSyntax saveSyntax
            || saveSyntax.ContainsDiagnostics
            || target.Operation<IInvocationOperation>(saveSyntax) is not { } save
            || DataPreparationNotSavedRule.Find(save, symbols) is not { } match
            || !FixScope.IsInScope(target.SemanticModel, saveSyntax.SpanStart, match.Prep))
        {
            return;
        }

        ArgumentSyntax? schemaArgument = null;
        if (save.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, symbols.DataViewSchema)) is { } schema)
        {
            if (schema.ArgumentKind != ArgumentKind.Explicit
                || schema.Syntax is not ArgumentSyntax schemaSyntax
                || !DataFlow.IsStable(match.RawData, save.GetRoot())
                || !FixScope.IsInScope(target.SemanticModel, saveSyntax.SpanStart, match.RawData))
            {
                return;
            }

            schemaArgument = schemaSyntax;
        }

        var prep = (ExpressionSyntax)match.Prep.Syntax;
        var raw = (ExpressionSyntax)match.RawData.Syntax;
        Register(context, $"Save '{prep}.Append(...)' with the schema of '{raw}'", ct => FixAsync(context.Document, modelArgumentSyntax, schemaArgument, prep, raw, ct), EquivalenceKey);
    }

    private static async Task<Document> FixAsync(Document document, ArgumentSyntax model, ArgumentSyntax? schema, ExpressionSyntax prep, ExpressionSyntax raw, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var chain = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, prep.WithoutTrivia(), SyntaxFactory.IdentifierName("Append")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(model.Expression.WithoutTrivia()))));
        var nodes = schema is null ? new SyntaxNode[] { model.Expression } : new SyntaxNode[] { model.Expression, schema.Expression };
        var fixedRoot = root.ReplaceNodes(nodes, (original, _) => original == model.Expression
            ? chain.WithTriviaFrom(model.Expression)
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, raw.WithoutTrivia(), SyntaxFactory.IdentifierName("Schema")).WithTriviaFrom(original));
        return document.WithSyntaxRoot(fixedRoot);
    }
}
