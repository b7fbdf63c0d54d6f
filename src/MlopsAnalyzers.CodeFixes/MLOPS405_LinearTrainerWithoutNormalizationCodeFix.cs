using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Evaluation;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS405: <c>chain.Append(trainer)</c> becomes <c>chain.Append(ml.Transforms.NormalizeMinMax("Features")).Append(trainer)</c>,
/// on the trainer's feature column (its <c>featureColumnName</c> argument, the field of its options object, or the
/// default <c>Features</c>), with the MLContext the trainer was created from. Offered only when both are known and in
/// scope, and the inserted call binds.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LinearTrainerWithoutNormalizationCodeFix)), Shared]
public sealed class LinearTrainerWithoutNormalizationCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS405.InsertNormalizeMinMax";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LinearTrainerWithoutNormalization);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        var symbols = target.Symbols;
        if (target.NodeAt(context.Span).FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax appendSyntax } }
            || appendSyntax.ContainsDiagnostics
            || appendSyntax.Expression is not MemberAccessExpressionSyntax { Expression: var chainSyntax } memberAccess
            || target.Operation<IInvocationOperation>(appendSyntax) is not { } append
            || LinearTrainerWithoutNormalizationRule.GetUnnormalizedTrainer(append, symbols) is not { } trainer
            || GetFeatureColumn(trainer, appendSyntax, symbols) is not { } feature
            || GetContextExpression(trainer.Creation, symbols) is not { } mlContext
            || !FixScope.IsInScope(target.SemanticModel, appendSyntax.SpanStart, mlContext))
        {
            return;
        }

        // ml.Transforms.NormalizeMinMax("Features"), checked to bind where it goes.
        var normalizer = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ((ExpressionSyntax)mlContext.Syntax).WithoutTrivia(), SyntaxFactory.IdentifierName("Transforms")),
                SyntaxFactory.IdentifierName("NormalizeMinMax")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(feature.WithoutTrivia()))));
        var bound = target.SemanticModel.GetSpeculativeSymbolInfo(appendSyntax.SpanStart, normalizer, SpeculativeBindingOption.BindAsExpression);
        if (bound.Symbol is not IMethodSymbol { Name: "NormalizeMinMax" } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.NormalizationCatalog))
        {
            return;
        }

        Register(context, $"Insert '{normalizer}' before the trainer", ct => InsertAsync(context.Document, chainSyntax, memberAccess.OperatorToken, normalizer, ct), EquivalenceKey);
    }

    /// <summary>The step's feature column as an expression: the argument as written when it is part of the Append, else a literal.</summary>
    private static ExpressionSyntax? GetFeatureColumn(LinearTrainerWithoutNormalizationRule.UnnormalizedTrainer trainer, InvocationExpressionSyntax appendSyntax, MlNetSymbols symbols)
    {
        if (LinearTrainerWithoutNormalizationRule.GetFeatureColumn(trainer.Creation, symbols) is not { } column)
        {
            return null;
        }

        if (column.Written is { } written && appendSyntax.Span.Contains(written.Value.Syntax.Span))
        {
            return (ExpressionSyntax)written.Value.Syntax;
        }

        return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(column.Name));
    }

    /// <summary>
    /// The MLContext the trainer was created from (<c>ml</c> in <c>ml.Regression.Trainers.Sdca()</c>), when it is a plain
    /// local, parameter, field or property that can be repeated without side effects.
    /// </summary>
    private static IOperation? GetContextExpression(IInvocationOperation creation, MlNetSymbols symbols)
    {
        var current = creation.GetReceiver();
        for (var depth = 0; current is not null && depth < 8; depth++)
        {
            current = current.WalkDownConversion();
            if (symbols.IsMLContext(current.Type))
            {
                return current is ILocalReferenceOperation or IParameterReferenceOperation
                    or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
                    or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 }
                    ? current
                    : null;
            }

            current = current switch
            {
                IPropertyReferenceOperation property => property.Instance,
                IFieldReferenceOperation field => field.Instance,
                _ => null,
            };
        }

        return null;
    }

    private static async Task<Document> InsertAsync(Document document, ExpressionSyntax chain, SyntaxToken dot, ExpressionSyntax normalizer, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // chain.Append(normalizer), laid out like the Append that follows: on a line of its own when that one is.
        var lineEnd = SyntaxFactory.TriviaList();
        foreach (var trivia in chain.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lineEnd = SyntaxFactory.TriviaList(trivia);
            }
        }

        var newChain = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    chain,
                    SyntaxFactory.Token(SyntaxKind.DotToken).WithLeadingTrivia(dot.LeadingTrivia),
                    SyntaxFactory.IdentifierName("Append")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(normalizer))))
            .WithTrailingTrivia(lineEnd);
        return document.WithSyntaxRoot(root.ReplaceNode(chain, newChain));
    }
}
