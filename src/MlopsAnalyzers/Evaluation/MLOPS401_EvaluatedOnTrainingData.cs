using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS401: a catalog's <c>Evaluate</c> of <c>model.Transform(x)</c> where <c>model</c> is <c>estimator.Fit(x)</c> on
/// the same data, followed through locals and simple reassignment within the method (<see cref="DataFlow.AreSameValue"/>):
/// the same parameter, local value, read-only field, or <c>split.TrainSet</c>. Not flagged when the method also evaluates
/// the same model on other data or cross-validates: the training-set score is then a deliberate comparison. Clustering is
/// not flagged: its metrics (Davies-Bouldin index, average distance) describe how well the data itself was clustered.
/// Also a catalog's <c>PermutationFeatureImportance</c> of a model on the data it was fitted on: the model given is the
/// <c>Fit</c> (or its <c>LastTransformer</c>) and the data is that fit's data, or <c>fitted.Transform(data)</c> of it.
/// </summary>
internal static class EvaluatedOnTrainingDataRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.EvaluatedOnTrainingData,
        RuleCategories.Evaluation,
        RuleLevel.BuildWarning,
        title: "Model evaluated on the data it was fitted on",
        messageFormat: "'{0}' scores the model on '{1}', the data it was fitted on: the metrics measure memorization, not how the model does on new data",
        description: "A model scored on its own training data looks better than it is: the metrics reward memorizing the training rows. Evaluate on data the model has not seen, such as the TestSet of a TrainTestSplit, a hold-out file, or use CrossValidate.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.TrainCatalogBase is not null && symbols.IDataView is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var evaluate = (IInvocationOperation)context.Operation;
        if (GetTrainingImportance(evaluate, symbols) is { } scoredData)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                evaluate.Syntax.GetLocation(),
                evaluate.TargetMethod.Name,
                scoredData.Syntax.ToString()));
            return;
        }

        if (GetTrainingEvaluation(evaluate, symbols) is { } found && !IsDeliberateComparison(found, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                evaluate.Syntax.GetLocation(),
                evaluate.TargetMethod.Name,
                found.ScoredData.Syntax.ToString()));
        }
    }

    /// <summary>An evaluation of a model on its own training data.</summary>
    internal readonly struct TrainingEvaluation
    {
        public TrainingEvaluation(IInvocationOperation fit, IInvocationOperation transform)
        {
            Fit = fit;
            Transform = transform;
        }

        /// <summary>The <c>estimator.Fit(data)</c> that made the model.</summary>
        public IInvocationOperation Fit { get; }

        /// <summary>The <c>model.Transform(data)</c> whose output is evaluated.</summary>
        public IInvocationOperation Transform { get; }

        /// <summary>The data given to <c>Fit</c>.</summary>
        public IOperation FittedData => Fit.Arguments[0].Value;

        /// <summary>The same data, given to <c>Transform</c>.</summary>
        public IOperation ScoredData => Transform.Arguments[0].Value;
    }

    /// <summary>The Fit and Transform when <paramref name="evaluate"/> scores a model on the data it was fitted on, else null.</summary>
    internal static TrainingEvaluation? GetTrainingEvaluation(IInvocationOperation evaluate, MlNetSymbols symbols)
    {
        if (!symbols.IsEvaluate(evaluate.TargetMethod)
            || SymbolEqualityComparer.Default.Equals(evaluate.TargetMethod.ContainingType, symbols.Evaluation.ClusteringCatalog)
            || evaluate.GetArgument("data") is not { } data
            || GetModelAndScoredData(data.Value, symbols) is not { } pair
            || !DataFlow.AreSameValue(pair.Fit.Arguments[0].Value, pair.Transform.Arguments[0].Value))
        {
            return null;
        }

        return pair;
    }

    /// <summary>
    /// The data argument of a <c>PermutationFeatureImportance</c> call that scores a model on the data it was fitted
    /// on, else null: <c>PFI(fit, x)</c> with <c>fit = estimator.Fit(x)</c>, or <c>PFI(fit.LastTransformer, fit.Transform(x))</c>
    /// (or <c>fit</c> itself) with <c>fit = pipeline.Fit(x)</c>. Not flagged when the method also scores the same fit on
    /// other data or cross-validates (see <see cref="IsDeliberateComparison"/>).
    /// </summary>
    private static IOperation? GetTrainingImportance(IInvocationOperation pfi, MlNetSymbols symbols)
    {
        if (!pfi.TargetMethod.Name.StartsWith("PermutationFeatureImportance", System.StringComparison.Ordinal)
            || pfi.TargetMethod.ContainingType is not { Name: "PermutationFeatureImportanceExtensions" }
            || !pfi.TargetMethod.IsFromMlNet()
            || pfi.GetArgument("data") is not { } data
            || (pfi.GetArgument("predictionTransformer") ?? pfi.GetArgument("model")) is not { } modelArgument
            || GetFitOfModel(modelArgument.Value, symbols) is not { } fit)
        {
            return null;
        }

        if (DataFlow.AreSameValue(fit.Arguments[0].Value, data.Value))
        {
            // PFI(trainer.Fit(x), x): the predictor fitted on x, scored on x.
            return IsDeliberateComparison(new TrainingEvaluation(fit, fit), symbols, fit.Arguments[0].Value) ? null : data.Value;
        }

        if (GetModelAndScoredData(data.Value, symbols) is { } pair
            && ReferenceEquals(pair.Fit, fit)
            && DataFlow.AreSameValue(pair.FittedData, pair.ScoredData)
            && !IsDeliberateComparison(pair, symbols))
        {
            return pair.ScoredData;
        }

        return null;
    }

    /// <summary>The <c>estimator.Fit(x)</c> that <paramref name="model"/> is, or whose <c>LastTransformer</c> it is.</summary>
    private static IInvocationOperation? GetFitOfModel(IOperation model, MlNetSymbols symbols)
    {
        var value = DataFlow.ResolveValue(model);
        if (value is IMemberReferenceOperation { Member.Name: "LastTransformer", Instance: { } chain } && chain.Type is { } chainType && chainType.IsFromMlNet())
        {
            value = DataFlow.ResolveValue(chain);
        }

        return value is IInvocationOperation { Arguments.Length: 1 } fit && symbols.IsEstimatorFit(fit.TargetMethod) ? fit : null;
    }

    /// <summary>The Transform that produced <paramref name="scored"/> and the Fit that produced its model, whatever their data.</summary>
    private static TrainingEvaluation? GetModelAndScoredData(IOperation scored, MlNetSymbols symbols)
    {
        if (DataFlow.ResolveValue(scored) is IInvocationOperation { Instance: { } model, Arguments.Length: 1 } transform
            && symbols.IsTransform(transform.TargetMethod)
            && DataFlow.ResolveValue(model) is IInvocationOperation { Arguments.Length: 1 } fit
            && symbols.IsEstimatorFit(fit.TargetMethod))
        {
            return new TrainingEvaluation(fit, transform);
        }

        return null;
    }

    /// <summary>
    /// True when the method also cross-validates, or also evaluates the same model on other data: comparing training and
    /// test scores (to see over-fitting) is deliberate.
    /// </summary>
    private static bool IsDeliberateComparison(TrainingEvaluation found, MlNetSymbols symbols, IOperation? fittedData = null)
    {
        fittedData ??= found.FittedData;
        foreach (var operation in found.Fit.GetRoot().GetDescendants())
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (symbols.IsCrossValidate(invocation.TargetMethod))
            {
                return true;
            }

            if (symbols.IsEvaluate(invocation.TargetMethod)
                && invocation.GetArgument("data") is { } data
                && GetModelAndScoredData(data.Value, symbols) is { } other
                && ReferenceEquals(other.Fit, found.Fit)
                && !DataFlow.AreSameValue(other.ScoredData, fittedData))
            {
                return true;
            }
        }

        return false;
    }
}
