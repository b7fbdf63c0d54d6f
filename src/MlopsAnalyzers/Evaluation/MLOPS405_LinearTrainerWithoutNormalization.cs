using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS405: <c>chain.Append(step)</c>, where <c>step</c> is a trainer that needs normalized features (linear trainers,
/// KMeans, randomized PCA) or the PCA transform (<c>ProjectToPrincipalComponents</c>), every estimator of <c>chain</c> is
/// visible in the method (built there from ML.NET calls, through locals) and none normalizes (<c>Normalize*</c>, or
/// <c>FeaturizeText</c>, whose output is normalized). A chain with a part from elsewhere (a parameter, a field, another
/// method) is not flagged: the normalizer may be there. A trainer after a PCA transform is not flagged: the chain is
/// reported once, at the PCA, and normalizing before it is the fix.
/// </summary>
internal static class LinearTrainerWithoutNormalizationRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.LinearTrainerWithoutNormalization,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Scale-sensitive trainer or PCA without feature normalization",
        messageFormat: "'{0}' needs normalized features but is appended to a chain with no normalizer before it: features on different scales skew it; normalize the feature column first",
        description: "SDCA, L-BFGS, online gradient descent, averaged perceptron, linear SVM and SGD trainers optimize one weight per feature; KMeans and randomized PCA measure Euclidean distances; the PCA transform finds the directions of largest variance. ML.NET marks these trainers as needing normalization. With features on very different scales, the large ones dominate: training converges slowly or to a worse model, clusters and components follow the largest-unit feature. Put a Normalize* estimator (NormalizeMinMax, NormalizeMeanVariance, ...) on the feature column first.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.EstimatorChain is not null && symbols.NormalizationCatalog is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var append = (IInvocationOperation)context.Operation;
        if (GetUnnormalizedTrainer(append, symbols) is { } trainer)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                trainer.Argument.Value.Syntax.GetLocation(),
                trainer.Creation.TargetMethod.Name));
        }
    }

    /// <summary>A flagged <c>Append</c>: its trainer argument and the call that created the trainer.</summary>
    internal readonly struct UnnormalizedTrainer
    {
        public UnnormalizedTrainer(IArgumentOperation argument, IInvocationOperation creation)
        {
            Argument = argument;
            Creation = creation;
        }

        /// <summary>The <c>estimator</c> argument of the <c>Append</c>.</summary>
        public IArgumentOperation Argument { get; }

        /// <summary>The trainer catalog call that created the trainer, or the <c>ProjectToPrincipalComponents</c> call.</summary>
        public IInvocationOperation Creation { get; }
    }

    /// <summary>The scale-sensitive step that <paramref name="append"/> adds to a chain with no normalizer, or null.</summary>
    internal static UnnormalizedTrainer? GetUnnormalizedTrainer(IInvocationOperation append, MlNetSymbols symbols)
    {
        if (!symbols.IsEstimatorAppend(append.TargetMethod)
            || append.GetArgument("estimator") is not { } argument
            || DataFlow.ResolveValue(argument.Value) is not IInvocationOperation creation
            || !IsScaleSensitive(creation, symbols)
            || append.GetReceiver() is not { } chain)
        {
            return null;
        }

        var elements = new List<IInvocationOperation>();
        if (!EstimatorChains.TryGetElements(chain, symbols, elements))
        {
            return null;
        }

        foreach (var element in elements)
        {
            if (EstimatorChains.IsNormalizer(element, symbols) || symbols.Evaluation.IsPcaTransform(element.TargetMethod))
            {
                return null;
            }
        }

        return new UnnormalizedTrainer(argument, creation);
    }

    /// <summary>
    /// The column <paramref name="creation"/> reads its features from, when it is a constant known in the method, with the
    /// argument that wrote it (null when it is a default): a trainer's <c>featureColumnName</c> (or the
    /// <c>FeatureColumnName</c> of its options, default <c>Features</c>); the PCA transform's <c>inputColumnName</c>, which
    /// defaults to its <c>outputColumnName</c>. Null for the PCA overload taking column options.
    /// </summary>
    internal static (string Name, IArgumentOperation? Written)? GetFeatureColumn(IInvocationOperation creation, MlNetSymbols symbols)
    {
        if (!symbols.Evaluation.IsPcaTransform(creation.TargetMethod))
        {
            return TrainerColumns.GetColumn(creation, TrainerColumns.FeatureParameter, TrainerColumns.FeatureOption, "Features") is { } feature
                ? (feature, creation.GetArgument(TrainerColumns.FeatureParameter) is { ArgumentKind: ArgumentKind.Explicit } written ? written : null)
                : null;
        }

        if (creation.GetArgument("inputColumnName") is { ArgumentKind: ArgumentKind.Explicit } input
            && input.Value.ConstantValue is { HasValue: true, Value: string inputName })
        {
            return (inputName, input);
        }

        if (creation.GetArgument("inputColumnName") is { ArgumentKind: ArgumentKind.DefaultValue }
            && creation.GetArgument("outputColumnName") is { ArgumentKind: ArgumentKind.Explicit } output
            && output.Value.ConstantValue is { HasValue: true, Value: string outputName })
        {
            return (outputName, output);
        }

        return null;
    }

    /// <summary>True for a trainer that needs normalized features, or the PCA transform.</summary>
    private static bool IsScaleSensitive(IInvocationOperation creation, MlNetSymbols symbols)
        => symbols.Evaluation.IsPcaTransform(creation.TargetMethod)
            || (TrainerColumns.IsTrainerCreation(creation, symbols) && symbols.Evaluation.NeedsNormalization(creation.Type));
}
