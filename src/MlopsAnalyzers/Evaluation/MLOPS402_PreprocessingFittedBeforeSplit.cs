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
/// Also <c>selection.Transform(split.TestSet)</c> where <c>split</c> is <c>TrainTestSplit(x)</c> and <c>selection</c> is
/// <c>estimator.Fit(x)</c> of a chain, visible in the method, with a feature selection
/// (<c>SelectFeaturesBasedOnMutualInformation</c>, <c>SelectFeaturesBasedOnCount</c>): the test rows chose the features
/// the model is scored on. Reported at the split.
/// </summary>
internal static class PreprocessingFittedBeforeSplitRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.PreprocessingFittedBeforeSplit,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Preprocessing fitted on the full data before the split",
        messageFormat: "'{0}' splits data that a trainable estimator was already fitted on: statistics of the test rows leak into training; split first and fit the preprocessing as part of the training pipeline",
        description: "Normalizers, one-hot dictionaries, text featurizers, feature selection and other trainable transforms learn statistics from the data they are fitted on. Fitted on the whole data set before TrainTestSplit or cross-validation, they have seen the test rows, so the evaluation is optimistic; feature selection by mutual information has even seen their labels. Split the raw data, then fit the preprocessing and the trainer together on the training part.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.DataOperationsCatalog is not null && symbols.IDataView is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var split = (IInvocationOperation)context.Operation;
        if (symbols.IsTransform(split.TargetMethod))
        {
            AnalyzeSelectionAppliedToTestSet(context, split, symbols);
            return;
        }

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

    /// <summary>
    /// <c>selection.Transform(split.TestSet)</c>, <c>split = ml.Data.TrainTestSplit(x)</c>, <c>selection = chain.Fit(x)</c>
    /// with a feature selection in the chain: reported at the split, with the fit as additional location.
    /// </summary>
    private static void AnalyzeSelectionAppliedToTestSet(in OperationAnalysisContext context, IInvocationOperation transform, MlNetSymbols symbols)
    {
        if (transform is not { Instance: { } model, Arguments.Length: 1 }
            || DataFlow.ResolveValue(transform.Arguments[0].Value) is not IFieldReferenceOperation { Field.Name: "TestSet", Instance: { } splitResult } testSet
            || testSet.Field.ContainingType is not { Name: "TrainTestData" } trainTestData
            || !SymbolEqualityComparer.Default.Equals(trainTestData.ContainingType, symbols.DataOperationsCatalog)
            || DataFlow.ResolveValue(splitResult) is not IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } split
            || !SymbolEqualityComparer.Default.Equals(split.TargetMethod.ContainingType, symbols.DataOperationsCatalog)
            || split.GetArgument("data") is not { } splitData
            || DataFlow.ResolveValue(model) is not IInvocationOperation { Instance: { } estimator, Arguments.Length: 1 } fit
            || !symbols.IsEstimatorFit(fit.TargetMethod)
            || !DataFlow.AreSameValue(fit.Arguments[0].Value, splitData.Value)
            || !SelectsFeatures(estimator, symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            split.Syntax.GetLocation(),
            additionalLocations: new[] { fit.Syntax.GetLocation() },
            split.TargetMethod.Name));
    }

    /// <summary>True when the whole chain is visible and has a feature selection by mutual information or by count.</summary>
    private static bool SelectsFeatures(IOperation estimator, MlNetSymbols symbols)
    {
        var elements = new List<IInvocationOperation>();
        if (!EstimatorChains.TryGetElements(estimator, symbols, elements))
        {
            return false;
        }

        foreach (var element in elements)
        {
            if (element.TargetMethod.Name is "SelectFeaturesBasedOnMutualInformation" or "SelectFeaturesBasedOnCount"
                && element.TargetMethod.IsFromMlNet())
            {
                return true;
            }
        }

        return false;
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
