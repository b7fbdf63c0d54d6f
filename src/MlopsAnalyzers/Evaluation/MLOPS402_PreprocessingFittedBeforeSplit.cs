using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS402: <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> or a catalog's <c>CrossValidate</c> of
/// <c>prep.Transform(x)</c> where <c>prep</c> is <c>estimator.Fit(x)</c> on the same data (followed through locals,
/// see <see cref="DataFlow.AreSameValue"/>). Not flagged when every estimator of the fitted chain is visible and learns
/// nothing (<c>Concatenate</c>, <c>CopyColumns</c>, <c>ConvertType</c>, image loading, ...) or only the label's key
/// values (<c>MapValueToKey</c> into <c>Label</c>).
/// </summary>
internal static class PreprocessingFittedBeforeSplitRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.PreprocessingFittedBeforeSplit,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Preprocessing fitted on the full data before the split",
        messageFormat: "'{0}' splits data transformed by an estimator fitted on all of it: statistics of the test rows leak into training; split first and fit the preprocessing as part of the training pipeline",
        description: "Normalizers, one-hot dictionaries, text featurizers and other trainable transforms learn statistics from the data they are fitted on. Fitted on the whole data set before TrainTestSplit or cross-validation, they have seen the test rows, so the evaluation is optimistic. Split the raw data, then fit the preprocessing and the trainer together on the training part.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.DataOperationsCatalog is not null && symbols.IDataView is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var split = (IInvocationOperation)context.Operation;
        var method = split.TargetMethod;
        var isSplit = method.Name is "TrainTestSplit" or "CrossValidationSplit"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperationsCatalog);
        if ((!isSplit && !symbols.IsCrossValidate(method))
            || split.GetArgument("data") is not { } data
            || DataFlow.ResolveValue(data.Value) is not IInvocationOperation { Instance: { } model, Arguments.Length: 1 } transform
            || !symbols.IsTransform(transform.TargetMethod)
            || DataFlow.ResolveValue(model) is not IInvocationOperation { Instance: { } estimator, Arguments.Length: 1 } fit
            || !symbols.IsEstimatorFit(fit.TargetMethod)
            || !DataFlow.AreSameValue(fit.Arguments[0].Value, transform.Arguments[0].Value)
            || LearnsNothing(estimator, symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            split.Syntax.GetLocation(),
            additionalLocations: new[] { fit.Syntax.GetLocation() },
            method.Name));
    }

    /// <summary>True when the whole chain is visible and made of transforms that learn nothing from the data.</summary>
    private static bool LearnsNothing(IOperation estimator, MlNetSymbols symbols)
    {
        var elements = new List<IInvocationOperation>();
        if (!EstimatorChains.TryGetElements(estimator, symbols, elements))
        {
            return false;
        }

        foreach (var element in elements)
        {
            if (!EstimatorChains.IsStateless(element) && !EstimatorChains.IsLabelKeyMapping(element))
            {
                return false;
            }
        }

        return true;
    }
}
