using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS405: <c>chain.Append(linearTrainer)</c> where every estimator of <c>chain</c> is visible in the method (built
/// there from ML.NET calls, through locals) and none normalizes (<c>Normalize*</c>, or <c>FeaturizeText</c>, whose
/// output is normalized). A chain with a part from elsewhere (a parameter, a field, another method) is not flagged: the
/// normalizer may be there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LinearTrainerWithoutNormalizationAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS405_LinearTrainerWithoutNormalization);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.EstimatorChain is null || symbols.NormalizationCatalog is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var append = (IInvocationOperation)context.Operation;
        if (GetUnnormalizedTrainer(append, symbols) is { } trainer)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MLOPS405_LinearTrainerWithoutNormalization,
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
            || !symbols.IsLinearTrainer(creation.Type)
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
