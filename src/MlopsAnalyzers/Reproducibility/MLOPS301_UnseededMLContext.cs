using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// MLOPS301: <c>new MLContext()</c> (or <c>new()</c>, <c>seed: null</c>) whose context is used to train: it builds a
/// trainer, splits, shuffles or cross-validates data, or runs AutoML, directly or through a parameter of a method of the
/// same type. Contexts that only load models and predict are not flagged.
/// </summary>
internal static class UnseededMLContextRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.UnseededMLContext,
        RuleCategories.Reproducibility,
        RuleLevel.BuildWarning,
        title: "MLContext without a seed in code that trains",
        messageFormat: "This MLContext has no seed but is used to {0}: training runs cannot be reproduced; pass a seed",
        description: "An MLContext created without a seed draws a new random seed on every run, so trainers, data splits and shuffles give a different model each time and a result cannot be reproduced or compared. Code that only loads a model and predicts is not flagged.");

    /// <summary>At the type's end: reports the unseeded creations whose context trains.</summary>
    public static void Report(MLContextFlow flow, SymbolAnalysisContext context)
    {
        foreach (var creation in flow.Creations)
        {
            if (creation.Seed != MLContextFlow.SeedState.Unseeded || creation.Holder is null)
            {
                continue;
            }

            if (flow.GetTrainingUse(creation.Holder) is { } use)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    creation.Operation.Syntax.GetLocation(),
                    use));
            }
        }
    }
}
