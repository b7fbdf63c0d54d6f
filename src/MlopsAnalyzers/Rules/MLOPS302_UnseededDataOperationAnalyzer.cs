using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS302: a randomized data operation (<c>TrainTestSplit</c>, <c>CrossValidationSplit</c>, <c>ShuffleRows</c>,
/// <c>BootstrapSample</c>, a catalog's <c>CrossValidate*</c>) called without <c>seed:</c> on a context that is known
/// to be unseeded. A seeded context makes these operations deterministic, so they are not flagged then; nor when the
/// context's origin is unknown (a parameter, a value from another type).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededDataOperationAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS302_UnseededDataOperation);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        context.RegisterSymbolStartAction(
            start => MLContextFlow.Register(start, symbols, ReportUnseededCalls),
            SymbolKind.NamedType);
    }

    private static void ReportUnseededCalls(MLContextFlow flow, SymbolAnalysisContext context)
    {
        foreach (var (call, holder) in flow.UnseededRandomizedCalls)
        {
            if (flow.IsKnownUnseeded(holder))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLOPS302_UnseededDataOperation,
                    call.Syntax.GetLocation(),
                    call.TargetMethod.Name));
            }
        }
    }
}
