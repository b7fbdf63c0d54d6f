using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS406, on an AutoML experiment left on its default metric: sets <c>OptimizingMetric</c> to
/// <c>BinaryClassificationMetric.AreaUnderRocCurve</c> (binary) or <c>MulticlassClassificationMetric.LogLoss</c>
/// (multiclass), in the settings initializer written in the call, or by passing
/// <c>new BinaryExperimentSettings { MaxExperimentTimeInSeconds = n, OptimizingMetric = ... }</c> instead of the time
/// alone (which is what the time-only overload builds). No fix for settings held in a local or for a comparison of
/// metrics: which metric to rank on is the user's call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelChosenOnAccuracyCodeFix)), Shared]
public sealed class ModelChosenOnAccuracyCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS406.SetOptimizingMetric";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelChosenOnAccuracy);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<InvocationExpressionSyntax>(context.Span) is not { ArgumentList.Arguments.Count: 1 } call
            || call.Span != context.Span
            || target.Operation<IInvocationOperation>(call) is not { Arguments.Length: 1 } invocation
            || invocation.TargetMethod.Name is not ("CreateBinaryClassificationExperiment" or "CreateMulticlassClassificationExperiment"))
        {
            return;
        }

        var binary = invocation.TargetMethod.Name == "CreateBinaryClassificationExperiment";
        var names = new TypeNames(target.SemanticModel, call.SpanStart);
        var metricType = names.Get("Microsoft.ML.AutoML", binary ? "BinaryClassificationMetric" : "MulticlassClassificationMetric");
        var metricName = binary ? "AreaUnderRocCurve" : "LogLoss";
        var metric = SyntaxFactory.ParseExpression(metricType + "." + metricName);
        var argument = call.ArgumentList.Arguments[0];
        SyntaxNode replacement;
        SyntaxNode original;
        if (invocation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_UInt32)
        {
            var settingsType = names.Get("Microsoft.ML.AutoML", binary ? "BinaryExperimentSettings" : "MulticlassExperimentSettings");
            original = argument.Expression;
            replacement = SyntaxFactory.ParseExpression($"new {settingsType} {{ MaxExperimentTimeInSeconds = {argument.Expression.WithoutTrivia().ToFullString()}, OptimizingMetric = {metricType}.{metricName} }}")
                .WithTriviaFrom(argument.Expression);
        }
        else if (argument.Expression is BaseObjectCreationExpressionSyntax creation)
        {
            original = creation;
            replacement = TextLoaderOptionsRewrite.WithMember(creation, "OptimizingMetric", metric);
        }
        else
        {
            return;
        }

        Register(context, $"Optimize {metricName}", ct => ReplaceAsync(context.Document, original, replacement, ct), EquivalenceKey);
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
