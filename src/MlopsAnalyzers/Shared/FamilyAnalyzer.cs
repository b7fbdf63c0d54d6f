using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers;

/// <summary>
/// The base of the package's analyzers: one per rule family (a category, one hundred of IDs), each reporting the IDs of
/// its rules. It enables concurrent execution, skips generated code, and in a compilation that references ML.NET hands
/// the family the <see cref="MlNetSymbols"/> resolved once for that compilation and the set of its rules that are on
/// (<see cref="EnabledRules"/>). Nothing is registered when Microsoft.ML is not referenced or every rule of the family
/// is off, and a family registers only the actions its enabled rules need.
/// </summary>
public abstract class FamilyAnalyzer : DiagnosticAnalyzer
{
    private protected FamilyAnalyzer(params DiagnosticDescriptor[] rules)
        => SupportedDiagnostics = ImmutableArray.Create(rules);

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (MlNetSymbols.Get(start.Compilation) is not { } symbols)
            {
                return;
            }

            var rules = EnabledRules.Compute(start.Compilation, start.Options, SupportedDiagnostics, start.CancellationToken);
            if (!rules.IsEmpty)
            {
                OnCompilationStart(start, symbols, rules);
            }
        });
    }

    /// <summary>Registers the actions of the enabled rules for a compilation that references ML.NET.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules);
}
