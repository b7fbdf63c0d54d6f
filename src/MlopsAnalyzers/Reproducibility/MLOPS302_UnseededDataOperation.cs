using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// MLOPS302: a randomized data operation (<c>TrainTestSplit</c>, <c>CrossValidationSplit</c>, <c>ShuffleRows</c>,
/// <c>BootstrapSample</c>, a catalog's <c>CrossValidate*</c>) called without <c>seed:</c> on a context that is known
/// to be unseeded. A seeded context makes these operations deterministic, so they are not flagged then; nor when the
/// context's origin is unknown (a parameter, a value from another type).
/// </summary>
internal static class UnseededDataOperationRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.UnseededDataOperation,
        RuleCategories.Reproducibility,
        RuleLevel.IdeSuggestion,
        title: "Randomized data operation without a seed on an unseeded context",
        messageFormat: "'{0}' is randomized and has no seed, and its MLContext is unseeded: the rows it picks change on every run; pass seed:",
        description: "TrainTestSplit, CrossValidationSplit, ShuffleRows, BootstrapSample and the catalogs' CrossValidate methods draw random numbers. With no seed argument they fall back to the MLContext's random source, which is itself unseeded here, so the split differs on every run.");

    /// <summary>At the type's end: reports the randomized calls without a seed on a context known to be unseeded.</summary>
    public static void Report(MLContextFlow flow, SymbolAnalysisContext context)
    {
        foreach (var (call, holder) in flow.UnseededRandomizedCalls)
        {
            if (flow.IsKnownUnseeded(holder))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    call.Syntax.GetLocation(),
                    call.TargetMethod.Name));
            }
        }
    }
}
