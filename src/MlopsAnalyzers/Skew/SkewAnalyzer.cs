using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Serving;

namespace MlopsAnalyzers.Skew;

/// <summary>
/// The MLOps.Skew family (MLOPS2xx). MLOPS201 and MLOPS202 read facts about one type (its transformer fields; its
/// serving path), collected in one symbol-start action per type; MLOPS203 and MLOPS204 compare what the whole
/// compilation builds and report at its end. One invocation action per type feeds them all.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SkewAnalyzer : FamilyAnalyzer
{
    public SkewAnalyzer()
        : base(DataPreparationNotSavedRule.Descriptor, FitOnServingPathRule.Descriptor, UnsaveableCustomMappingRule.Descriptor, DuplicatedPipelineRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var preparation = rules[DataPreparationNotSavedRule.Descriptor] && DataPreparationNotSavedRule.Applies(symbols);
        var servingFit = rules[FitOnServingPathRule.Descriptor] && FitOnServingPathRule.Applies(symbols);
        var mappings = rules[UnsaveableCustomMappingRule.Descriptor] ? UnsaveableCustomMappingRule.CompilationAnalysis.Create(context.Compilation, symbols) : null;
        var chains = rules[DuplicatedPipelineRule.Descriptor] ? new DuplicatedPipelineRule.CompilationAnalysis(symbols) : null;
        if (mappings is not null)
        {
            context.RegisterCompilationEndAction(mappings.Report);
        }

        if (chains is not null)
        {
            context.RegisterCompilationEndAction(chains.Report);
        }

        if (!preparation && !servingFit)
        {
            if (mappings is not null || chains is not null)
            {
                context.RegisterOperationAction(c => OnInvocation(c, mappings, chains), OperationKind.Invocation);
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

                var path = servingFit ? new ServingPath(symbols, type) : null;
                var fits = path is not null ? new FitOnServingPathRule.TypeAnalysis(symbols, path) : null;
                var saves = preparation ? new DataPreparationNotSavedRule.TypeAnalysis(symbols) : null;
                start.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        OnInvocation(c, mappings, chains);
                        saves?.OnInvocation(invocation);
                        if (path is not null)
                        {
                            fits!.OnInvocation(invocation, path.OnInvocation(invocation, c.ContainingSymbol));
                        }
                    },
                    OperationKind.Invocation);
                path?.RegisterMethodReferences(start);

                if (saves is not null)
                {
                    start.RegisterOperationAction(
                        c =>
                        {
                            if (c.Operation is IFieldReferenceOperation reference)
                            {
                                saves.OnFieldReference(reference);
                            }
                            else
                            {
                                saves.OnFieldInitializer((IFieldInitializerOperation)c.Operation);
                            }
                        },
                        OperationKind.FieldReference,
                        OperationKind.FieldInitializer);
                }

                start.RegisterSymbolEndAction(c =>
                {
                    saves?.Report(c);
                    fits?.Report(c);
                });
            },
            SymbolKind.NamedType);
    }

    private static void OnInvocation(in OperationAnalysisContext context, UnsaveableCustomMappingRule.CompilationAnalysis? mappings, DuplicatedPipelineRule.CompilationAnalysis? chains)
    {
        var invocation = (IInvocationOperation)context.Operation;
        mappings?.OnInvocation(invocation);
        chains?.OnInvocation(invocation, context.ContainingSymbol);
    }
}
