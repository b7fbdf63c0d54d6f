using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS405: <c>chain.Append(linearTrainer)</c> where every estimator of <c>chain</c> is visible in the method (built
/// there from ML.NET calls, through locals) and none normalizes (<c>Normalize*</c>, or <c>FeaturizeText</c>, whose
/// output is normalized). A chain with a part from elsewhere (a parameter, a field, another method) is not flagged: the
/// normalizer may be there.
/// </summary>
internal static class LinearTrainerWithoutNormalizationRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.LinearTrainerWithoutNormalization,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Linear trainer without feature normalization",
        messageFormat: "The linear trainer '{0}' is appended to a chain with no normalizer before it: features on different scales slow or skew its optimization; normalize the feature column first",
        description: "SDCA, L-BFGS, online gradient descent, averaged perceptron, linear SVM and SGD trainers optimize one weight per feature. With features on very different scales, the large ones dominate the step sizes and regularization, training converges slowly or to a worse model. Put a Normalize* estimator (NormalizeMinMax, NormalizeMeanVariance, ...) on the feature column before the trainer.");

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

        /// <summary>The trainer catalog call that created the linear trainer.</summary>
        public IInvocationOperation Creation { get; }
    }

    /// <summary>The linear trainer that <paramref name="append"/> adds to a chain with no normalizer, or null.</summary>
    internal static UnnormalizedTrainer? GetUnnormalizedTrainer(IInvocationOperation append, MlNetSymbols symbols)
    {
        if (!symbols.IsEstimatorAppend(append.TargetMethod)
            || append.GetArgument("estimator") is not { } argument
            || DataFlow.ResolveValue(argument.Value) is not IInvocationOperation creation
            || !TrainerColumns.IsTrainerCreation(creation, symbols)
            || !symbols.Evaluation.IsLinearTrainer(creation.Type)
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
            if (EstimatorChains.IsNormalizer(element, symbols))
            {
                return null;
            }
        }

        return new UnnormalizedTrainer(argument, creation);
    }
}
