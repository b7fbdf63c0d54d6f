using System.Collections.Generic;
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
using MlopsAnalyzers.Evaluation;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS401: evaluates on the test part of the method's <c>TrainTestSplit</c>. When the model was fitted on
/// <c>split.TrainSet</c>, the evaluated <c>Transform</c> gets <c>split.TestSet</c>. When it was fitted on the data that a
/// <c>var split = ...TrainTestSplit(data)</c> earlier in the method splits, <c>Fit</c> gets <c>split.TrainSet</c> and the
/// <c>Transform</c> <c>split.TestSet</c>, and so do the other evaluations of that model on its training data. No fix otherwise: a hold-out set has to come from the user.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvaluatedOnTrainingDataCodeFix)), Shared]
public sealed class EvaluatedOnTrainingDataCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS401.EvaluateOnTestSet";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EvaluatedOnTrainingData);

    /// <summary>Edits of several diagnostics can touch the same Fit call: they are merged per document.</summary>
    public override FixAllProvider GetFixAllProvider() => DocumentBatch((target, diagnostics) =>
    {
        var edits = new Dictionary<SyntaxNode, ExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (GetEdits(target, diagnostic.Location.SourceSpan) is { } found)
            {
                foreach (var (node, replacement) in found.Edits)
                {
                    edits[node] = replacement;
                }
            }
        }

        return edits.Count == 0 ? target.Document : target.Document.WithSyntaxRoot(Apply(target.Root, edits));
    });

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (GetEdits(target, context.Span) is not { } found)
        {
            return;
        }

        var edits = found.Edits.ToDictionary(e => e.Node, e => e.Replacement);
        Register(context, $"Evaluate on '{found.SplitName}.TestSet'", ct => Task.FromResult(context.Document.WithSyntaxRoot(Apply(target.Root, edits))), EquivalenceKey);
    }

    private static SyntaxNode Apply(SyntaxNode root, Dictionary<SyntaxNode, ExpressionSyntax> edits)
        => root.ReplaceNodes(edits.Keys, (original, _) => edits[original].WithTriviaFrom(original));

    private sealed class Found
    {
        public Found(string splitName, List<(SyntaxNode Node, ExpressionSyntax Replacement)> edits)
        {
            SplitName = splitName;
            Edits = edits;
        }

        public string SplitName { get; }

        public List<(SyntaxNode Node, ExpressionSyntax Replacement)> Edits { get; }
    }

    private static Found? GetEdits(FixTarget target, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var (symbols, semanticModel) = (target.Symbols, target.SemanticModel);
        if (symbols.TrainTestData is null
            || target.Enclosing<InvocationExpressionSyntax>(span) is not { } evaluateSyntax
            || target.Operation<IInvocationOperation>(evaluateSyntax) is not { } evaluate
            || EvaluatedOnTrainingDataRule.GetTrainingEvaluation(evaluate, symbols) is not { } found)
        {
            return null;
        }

        var transformArgument = found.ScoredData.Syntax;
        var transformPosition = transformArgument.SpanStart;

        // Fitted on split.TrainSet: evaluate on split.TestSet.
        if (DataFlow.ResolveValue(found.ScoredData) is IFieldReferenceOperation { Field.Name: "TrainSet", Instance: ILocalReferenceOperation splitLocal } trainSet
            && SymbolEqualityComparer.Default.Equals(trainSet.Field.ContainingType, symbols.TrainTestData)
            && DataFlow.GetSingleAssignedValue(evaluate.GetRoot(), splitLocal.Local) is not null
            && FixScope.IsVisible(semanticModel, transformPosition, splitLocal.Local))
        {
            return new Found(splitLocal.Local.Name, new() { (transformArgument, SplitPart(splitLocal.Local, "TestSet")) });
        }

        // Fitted on the data a split of the method splits: fit on its TrainSet, evaluate on its TestSet.
        if (GetOnlySplitOf(found.FittedData, symbols) is { } split
            && found.FittedData.Syntax is ExpressionSyntax fitArgument
            && split.Locations.FirstOrDefault() is { } declared
            && declared.SourceSpan.End < fitArgument.SpanStart
            && FixScope.IsVisible(semanticModel, fitArgument.SpanStart, split))
        {
            // Every evaluation of this model on its training data moves to the test set with it, or the others would
            // silently score the new model on data that includes its training rows.
            var edits = new List<(SyntaxNode Node, ExpressionSyntax Replacement)> { (fitArgument, SplitPart(split, "TrainSet")) };
            foreach (var operation in evaluate.GetRoot().Descendants())
            {
                if (operation is IInvocationOperation other
                    && EvaluatedOnTrainingDataRule.GetTrainingEvaluation(other, symbols) is { } sameModel
                    && ReferenceEquals(sameModel.Fit, found.Fit))
                {
                    if (!FixScope.IsVisible(semanticModel, sameModel.ScoredData.Syntax.SpanStart, split))
                    {
                        return null;
                    }

                    edits.Add((sameModel.ScoredData.Syntax, SplitPart(split, "TestSet")));
                }
            }

            return new Found(split.Name, edits);
        }

        return null;
    }

    /// <summary>The local holding the one <c>TrainTestSplit</c> of the method whose data is <paramref name="data"/>, or null.</summary>
    private static ILocalSymbol? GetOnlySplitOf(IOperation data, MlNetSymbols symbols)
    {
        ILocalSymbol? only = null;
        foreach (var operation in data.GetRoot().Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } split
                && SymbolEqualityComparer.Default.Equals(split.TargetMethod.ContainingType, symbols.DataOperationsCatalog)
                && split.GetArgument("data") is { } splitData
                && DataFlow.AreSameValue(splitData.Value, data))
            {
                if (only is not null
                    || split.WalkUpConversion() is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                {
                    return null;
                }

                if (DataFlow.GetSingleAssignedValue(split.GetRoot(), declarator.Symbol) is null)
                {
                    return null;
                }

                only = declarator.Symbol;
            }
        }

        return only;
    }

    private static ExpressionSyntax SplitPart(ILocalSymbol split, string part)
        => SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.IdentifierName(split.Name),
            SyntaxFactory.IdentifierName(part));
}
