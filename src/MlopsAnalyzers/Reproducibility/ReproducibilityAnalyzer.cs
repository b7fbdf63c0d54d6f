using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// The MLOps.Reproducibility family (MLOPS3xx). MLOPS301 and MLOPS302 read one <see cref="MLContextFlow"/> per type,
/// built once from the type's operations; MLOPS303 checks loader calls as they come; MLOPS304 checks trainer calls as
/// they come (it needs no context flow, so it has its own invocation action).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReproducibilityAnalyzer : FamilyAnalyzer
{
    public ReproducibilityAnalyzer()
        : base(UnseededMLContextRule.Descriptor, UnseededDataOperationRule.Descriptor, DeveloperMachineDataPathRule.Descriptor, ImplicitHyperparametersRule.Descriptor, SeededContextNondeterministicThreadsRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var unseededContexts = rules[UnseededMLContextRule.Descriptor];
        var unseededOperations = rules[UnseededDataOperationRule.Descriptor];
        var developerPaths = rules[DeveloperMachineDataPathRule.Descriptor];
        if (rules[ImplicitHyperparametersRule.Descriptor] && ImplicitHyperparametersRule.Create(context.Compilation, symbols) is { } trainers)
        {
            context.RegisterOperationAction(c => trainers.Analyze(c), OperationKind.Invocation);
        }

        if (rules[SeededContextNondeterministicThreadsRule.Descriptor])
        {
            context.RegisterOperationAction(c => SeededContextNondeterministicThreadsRule.AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }

        if (!unseededContexts && !unseededOperations)
        {
            if (developerPaths)
            {
                context.RegisterOperationAction(c => DeveloperMachineDataPathRule.Analyze(c), OperationKind.Invocation, OperationKind.ObjectCreation);
            }

            return;
        }

        context.RegisterSymbolStartAction(
            start =>
            {
                if (MLContextFlow.For(start.Symbol, symbols) is not { } flow)
                {
                    return;
                }

                start.RegisterOperationAction(
                    c =>
                    {
                        flow.OnOperation(c.Operation);
                        if (developerPaths && c.Operation.Kind is OperationKind.Invocation or OperationKind.ObjectCreation)
                        {
                            DeveloperMachineDataPathRule.Analyze(c);
                        }
                    },
                    MLContextFlow.OperationKinds);
                start.RegisterSymbolEndAction(c =>
                {
                    if (unseededContexts)
                    {
                        UnseededMLContextRule.Report(flow, c);
                    }

                    if (unseededOperations)
                    {
                        UnseededDataOperationRule.Report(flow, c);
                    }
                });
            },
            SymbolKind.NamedType);
    }
}
