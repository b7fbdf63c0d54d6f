using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS406: a classification model chosen on accuracy alone:
/// <list type="bullet">
/// <item>an AutoML binary or multiclass experiment created with the default optimizing metric (accuracy, micro-accuracy):
/// <c>CreateBinaryClassificationExperiment(seconds)</c>, or experiment settings (written in the call, or in a local
/// assigned once and never changed by a member assignment) that leave <c>OptimizingMetric</c> unset;</item>
/// <item>two models compared on <c>Accuracy</c>, <c>F1Score</c>, <c>MicroAccuracy</c> or <c>MacroAccuracy</c>
/// (<c>a.Accuracy &gt; b.Accuracy</c>, <c>OrderBy(r =&gt; r.Metrics.Accuracy)</c>, <c>MaxBy</c>, ...) in a method that
/// reads none of the threshold-free metrics (<c>AreaUnderRocCurve</c>, <c>AreaUnderPrecisionRecallCurve</c>,
/// <c>LogLoss</c>, <c>LogLossReduction</c>).</item>
/// </list>
/// A metric compared with a constant (a quality gate) is not a choice between models and is not flagged.
/// </summary>
internal static class ModelChosenOnAccuracyRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ModelChosenOnAccuracy,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Model chosen on accuracy alone",
        messageFormat: "{0}: accuracy and F1 depend on one decision threshold and reward the majority class on imbalanced data; {1}",
        description: "Accuracy and F1 are measured at one decision threshold and look good on imbalanced data for a model that always predicts the majority class. Choosing between models, or letting AutoML choose, on them alone picks models that rank poorly; the threshold-free metrics (AUC, area under the precision-recall curve, log-loss) compare how well models separate the classes.");

    /// <summary>The AutoML and metrics types the rule follows, resolved once per compilation.</summary>
    internal sealed class Symbols
    {
        public Symbols(Compilation compilation)
        {
            BinaryMetrics = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.BinaryClassificationMetrics");
            MulticlassMetrics = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.MulticlassClassificationMetrics");
            BinarySettings = compilation.GetBestTypeByMetadataName("Microsoft.ML.AutoML.BinaryExperimentSettings");
            MulticlassSettings = compilation.GetBestTypeByMetadataName("Microsoft.ML.AutoML.MulticlassExperimentSettings");
            Enumerable = compilation.GetBestTypeByMetadataName("System.Linq.Enumerable");
        }

        public INamedTypeSymbol? BinaryMetrics { get; }

        public INamedTypeSymbol? MulticlassMetrics { get; }

        public INamedTypeSymbol? BinarySettings { get; }

        public INamedTypeSymbol? MulticlassSettings { get; }

        public INamedTypeSymbol? Enumerable { get; }

        public bool IsMetrics(ITypeSymbol? type) => type.InheritsFrom(BinaryMetrics) || type.InheritsFrom(MulticlassMetrics);
    }

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols, Symbols types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is "CreateBinaryClassificationExperiment" or "CreateMulticlassClassificationExperiment"
            && symbols.AutoCatalog is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.AutoCatalog))
        {
            if (LeavesDefaultMetric(invocation))
            {
                var metric = method.Name == "CreateBinaryClassificationExperiment" ? "accuracy" : "micro-accuracy";
                var better = method.Name == "CreateBinaryClassificationExperiment"
                    ? "set OptimizingMetric = BinaryClassificationMetric.AreaUnderRocCurve (or AreaUnderPrecisionRecallCurve) in BinaryExperimentSettings"
                    : "set OptimizingMetric = MulticlassClassificationMetric.LogLoss (or MacroAccuracy on imbalanced classes) in MulticlassExperimentSettings";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    invocation.Syntax.GetLocation(),
                    $"This AutoML experiment optimizes the default metric, {metric}",
                    better));
            }

            return;
        }

        if (method.Name is "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Max" or "Min" or "MaxBy" or "MinBy"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Enumerable)
            && invocation.Arguments.Length == 2
            && invocation.Arguments[1].Value.WalkDownConversion() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            && lambda.Body.Operations.Length == 1
            && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
            && GetAccuracyRead(returned, types) is { } read
            && !ReadsThresholdFreeMetric(invocation, types))
        {
            Report(context, invocation, method.Name, read.Property.Name);
        }
    }

    public static void AnalyzeBinary(in OperationAnalysisContext context, Symbols types)
    {
        var comparison = (IBinaryOperation)context.Operation;
        if (comparison.OperatorKind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
            && GetAccuracyRead(comparison.LeftOperand, types) is { } left
            && GetAccuracyRead(comparison.RightOperand, types) is not null
            && !ReadsThresholdFreeMetric(comparison, types))
        {
            Report(context, comparison, "this comparison", left.Property.Name);
        }
    }

    private static void Report(in OperationAnalysisContext context, IOperation at, string what, string metric)
        => context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            at.Syntax.GetLocation(),
            $"Models are chosen on {metric} alone ({what})",
            "compare them on AreaUnderRocCurve, AreaUnderPrecisionRecallCurve or LogLoss as well"));

    /// <summary>A read of <c>Accuracy</c>, <c>F1Score</c>, <c>MicroAccuracy</c> or <c>MacroAccuracy</c> of a metrics object.</summary>
    private static IPropertyReferenceOperation? GetAccuracyRead(IOperation operation, Symbols types)
        => operation.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Accuracy" or "F1Score" or "MicroAccuracy" or "MacroAccuracy" } read
            && types.IsMetrics(read.Property.ContainingType)
            ? read
            : null;

    /// <summary>True when the method reads AUC, the area under the precision-recall curve or log-loss of a metrics object.</summary>
    private static bool ReadsThresholdFreeMetric(IOperation operation, Symbols types)
    {
        foreach (var descendant in operation.GetRoot().GetDescendants())
        {
            if (descendant is IPropertyReferenceOperation { Property.Name: "AreaUnderRocCurve" or "AreaUnderPrecisionRecallCurve" or "LogLoss" or "LogLossReduction" } read
                && types.IsMetrics(read.Property.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the experiment is created with the default optimizing metric, as far as the method shows.</summary>
    private static bool LeavesDefaultMetric(IInvocationOperation create)
    {
        if (create.Arguments.Length != 1)
        {
            return false;
        }

        var argument = create.Arguments[0].Value.WalkDownConversion();
        if (create.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_UInt32)
        {
            return true;
        }

        if (argument is ILocalReferenceOperation local)
        {
            foreach (var descendant in create.GetRoot().GetDescendants())
            {
                if (descendant is IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } member
                    && SymbolEqualityComparer.Default.Equals(owner.Local, local.Local)
                    && member.Parent is IAssignmentOperation assignment
                    && assignment.Target == member)
                {
                    return false;
                }
            }

            argument = DataFlow.GetSingleAssignedValue(create.GetRoot(), local.Local)?.WalkDownConversion() ?? argument;
        }

        if (argument is not IObjectCreationOperation { Arguments.Length: 0 } creation)
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "OptimizingMetric" } })
                {
                    return false;
                }
            }
        }

        return true;
    }
}
