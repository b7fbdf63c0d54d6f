using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers;

/// <summary>
/// The base of every analyzer in the package: concurrent, skips generated code, and registers the rule's actions only in
/// compilations that reference ML.NET, handing it the <see cref="MlNetSymbols"/> resolved once for that compilation.
/// </summary>
public abstract class MlNetAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = MlNetSymbols.Get(start.Compilation);
            if (symbols is not null)
            {
                OnCompilationStart(start, symbols);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references ML.NET.</summary>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols);
}
