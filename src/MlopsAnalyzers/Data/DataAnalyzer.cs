using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Data;

/// <summary>
/// The MLOps.Data family (MLOPS6xx): data and pipeline correctness. Every rule looks at one invocation at a time (a
/// text load, a call whose result is dropped), so the family registers one invocation action that hands each
/// invocation to the enabled rules. The data files the project shows (<see cref="DataFiles"/>) are read once per
/// compilation, only when MLOPS602 is on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataAnalyzer : FamilyAnalyzer
{
    public DataAnalyzer()
        : base(
            DiscardedImmutableResultRule.Descriptor,
            TextLoaderDefaultsContradictFileRule.Descriptor,
            MissingRealsReadAsZeroRule.Descriptor,
            TransformedColumnNeverUsedRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var data = new DataSymbols(context.Compilation);
        var discarded = rules[DiscardedImmutableResultRule.Descriptor];
        var loaderDefaults = rules[TextLoaderDefaultsContradictFileRule.Descriptor] && data.TextLoaderSaverCatalog is not null;
        var missingReals = rules[MissingRealsReadAsZeroRule.Descriptor] && data.TextLoaderSaverCatalog is not null;
        var unusedColumn = rules[TransformedColumnNeverUsedRule.Descriptor];
        if (!(discarded || loaderDefaults || missingReals || unusedColumn))
        {
            return;
        }

        var files = loaderDefaults ? new DataFiles(context.Options) : null;
        context.RegisterOperationAction(
            c =>
            {
                if (discarded)
                {
                    DiscardedImmutableResultRule.AnalyzeInvocation(c, symbols, data);
                }

                if (files is not null)
                {
                    TextLoaderDefaultsContradictFileRule.AnalyzeInvocation(c, data, files);
                }

                if (missingReals)
                {
                    MissingRealsReadAsZeroRule.AnalyzeInvocation(c, symbols, data);
                }

                if (unusedColumn)
                {
                    TransformedColumnNeverUsedRule.AnalyzeInvocation(c, symbols);
                }
            },
            OperationKind.Invocation);
    }
}
