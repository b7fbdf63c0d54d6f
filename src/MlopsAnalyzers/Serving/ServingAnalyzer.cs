using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// The MLOps.Serving family (MLOPS5xx). MLOPS502 and MLOPS503 ask of the same type which code runs once per
/// prediction: they share one <see cref="ServingPath"/> per type, fed once from the type's invocations and method
/// groups, each with its own marks. MLOPS501 checks static members and the invocations that share an engine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServingAnalyzer : FamilyAnalyzer
{
    public ServingAnalyzer()
        : base(PredictionEngineSharedAcrossThreadsRule.Descriptor, ModelLoadedPerPredictionRule.Descriptor, PredictionsNotMonitoredRule.Descriptor, LoopInvariantWorkRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var shared = rules[PredictionEngineSharedAcrossThreadsRule.Descriptor] && PredictionEngineSharedAcrossThreadsRule.Applies(symbols);
        var perPrediction = rules[ModelLoadedPerPredictionRule.Descriptor] && ModelLoadedPerPredictionRule.Applies(symbols);
        var notMonitored = rules[PredictionsNotMonitoredRule.Descriptor] && PredictionsNotMonitoredRule.Applies(symbols);
        var sharing = symbols.ThreadSharing;
        if (rules[LoopInvariantWorkRule.Descriptor])
        {
            context.RegisterOperationAction(c => LoopInvariantWorkRule.AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }

        if (shared)
        {
            context.RegisterSymbolAction(c => PredictionEngineSharedAcrossThreadsRule.AnalyzeStaticMember(c, sharing), SymbolKind.Field, SymbolKind.Property);
        }

        if (!perPrediction && !notMonitored)
        {
            if (shared)
            {
                context.RegisterOperationAction(c => PredictionEngineSharedAcrossThreadsRule.AnalyzeInvocation(c, sharing), OperationKind.Invocation);
            }

            return;
        }

        context.RegisterSymbolStartAction(
            start =>
            {
                if (start.Symbol is not INamedTypeSymbol type)
                {
                    return;
                }

                var path = new ServingPath(symbols, type);
                var loads = perPrediction ? new ModelLoadedPerPredictionRule.TypeAnalysis(symbols, path) : null;
                var predictions = notMonitored ? new PredictionsNotMonitoredRule.TypeAnalysis(symbols, path) : null;
                start.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        var servingContext = path.OnInvocation(invocation, c.ContainingSymbol);
                        loads?.OnInvocation(invocation, servingContext);
                        predictions?.OnInvocation(invocation, servingContext);
                        if (shared)
                        {
                            PredictionEngineSharedAcrossThreadsRule.AnalyzeInvocation(c, sharing);
                        }
                    },
                    OperationKind.Invocation);
                path.RegisterMethodReferences(start);
                start.RegisterSymbolEndAction(c =>
                {
                    loads?.Report(c);
                    predictions?.Report(c);
                });
            },
            SymbolKind.NamedType);
    }
}
