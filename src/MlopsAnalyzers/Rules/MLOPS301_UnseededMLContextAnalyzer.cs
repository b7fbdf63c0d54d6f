using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS301: <c>new MLContext()</c> (or <c>new()</c>, <c>seed: null</c>) whose context is used to train: it builds a
/// trainer, splits, shuffles or cross-validates data, or runs AutoML, directly or through a parameter of a method of the
/// same type. Contexts that only load models and predict are not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededMLContextAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS301_UnseededMLContext);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        context.RegisterSymbolStartAction(
            start => MLContextFlow.Register(start, symbols, ReportUnseededTrainingContexts),
            SymbolKind.NamedType);
    }

    private static void ReportUnseededTrainingContexts(MLContextFlow flow, SymbolAnalysisContext context)
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
                    Descriptors.MLOPS301_UnseededMLContext,
                    creation.Operation.Syntax.GetLocation(),
                    use));
            }
        }
    }
}
