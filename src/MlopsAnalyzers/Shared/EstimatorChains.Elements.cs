using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>
/// Reads estimator chains (<c>a.Append(b).Append(c)</c>) built within one method: which ML.NET calls created the
/// estimators of a chain, in order, following locals through <see cref="DataFlow.ResolveValue"/>.
/// </summary>
internal static partial class EstimatorChains
{
    /// <summary>
    /// ML.NET transforms that learn nothing from the data they are fitted on: fitting them on the full data leaks nothing.
    /// </summary>
    private static readonly HashSet<string> StatelessTransforms = new(System.StringComparer.Ordinal)
    {
        "Concatenate", "CopyColumns", "DropColumns", "SelectColumns", "ConvertType", "Hash", "IndicateMissingValues",
        "NormalizeText", "TokenizeIntoWords", "RemoveDefaultStopWords", "RemoveStopWords", "CustomMapping", "Expression",
        "MapKeyToValue", "LoadRawImageBytes", "LoadImages", "ResizeImages", "ExtractPixels", "ConvertToGrayscale",
    };

    /// <summary>
    /// Adds to <paramref name="elements"/> the ML.NET calls that created the estimators of the chain
    /// <paramref name="estimator"/> evaluates to, in chain order. False when any part of the chain is not visible in the
    /// method (a parameter, a field, the result of one of the user's own methods, a chain built in another method).
    /// </summary>
    public static bool TryGetElements(IOperation estimator, MlNetSymbols symbols, List<IInvocationOperation> elements)
        => TryGetElements(estimator, symbols, elements, depth: 0);

    /// <summary>True for an estimator that rescales features: a <c>Normalize*</c> of the normalization catalog, or <c>FeaturizeText</c>.</summary>
    public static bool IsNormalizer(IInvocationOperation element, MlNetSymbols symbols)
    {
        var method = element.TargetMethod;
        return SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.NormalizationCatalog)
            || (method.Name == "FeaturizeText" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.TextCatalog));
    }

    /// <summary>True for an ML.NET transform that learns nothing when fitted (column copies, concatenation, type conversion, ...).</summary>
    public static bool IsStateless(IInvocationOperation element)
        => element.TargetMethod.IsFromMlNet() && StatelessTransforms.Contains(element.TargetMethod.Name);

    /// <summary>
    /// True for an ML.NET call that hands back the estimators of its receiver and adds no transform of its own:
    /// <c>AppendCacheCheckpoint</c> (caches the data between fits) and <c>WithOnFitDelegate</c> (calls back on fit).
    /// </summary>
    public static bool IsPassThrough(IInvocationOperation invocation, MlNetSymbols symbols)
        => invocation.TargetMethod.Name is "AppendCacheCheckpoint" or "WithOnFitDelegate"
            && invocation.TargetMethod.IsFromMlNet()
            && symbols.IsEstimator(invocation.Type);

    /// <summary>
    /// True for <c>MapValueToKey</c> writing the <c>Label</c> column: it learns the set of label values, no statistic of
    /// the features, so fitting it before a split leaks nothing the model could use.
    /// </summary>
    public static bool IsLabelKeyMapping(IInvocationOperation element)
        => element.TargetMethod.Name == "MapValueToKey"
            && element.TargetMethod.IsFromMlNet()
            && element.GetArgument("outputColumnName") is { Value.ConstantValue: { HasValue: true, Value: "Label" } };

    private static bool TryGetElements(IOperation estimator, MlNetSymbols symbols, List<IInvocationOperation> elements, int depth)
    {
        if (depth > 64 || DataFlow.ResolveValue(estimator) is not { } value)
        {
            return false;
        }

        switch (value)
        {
            case IObjectCreationOperation { Arguments.Length: 0 } creation
                when SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, symbols.EstimatorChain):
                // new EstimatorChain<ITransformer>(): an empty chain.
                return true;
            case IInvocationOperation passThrough when IsPassThrough(passThrough, symbols):
                // start.AppendCacheCheckpoint(ml), estimator.WithOnFitDelegate(...): the same estimators as the receiver.
                return passThrough.GetReceiver() is { } inner && TryGetElements(inner, symbols, elements, depth + 1);
            case IInvocationOperation append when symbols.IsEstimatorAppend(append.TargetMethod):
                return append.GetReceiver() is { } start
                    && append.GetArgument("estimator") is { } added
                    && TryGetElements(start, symbols, elements, depth + 1)
                    && TryGetElements(added.Value, symbols, elements, depth + 1);
            case IInvocationOperation created when created.TargetMethod.IsFromMlNet() && symbols.IsEstimator(created.Type):
                elements.Add(created);
                return true;
            default:
                return false;
        }
    }
}
