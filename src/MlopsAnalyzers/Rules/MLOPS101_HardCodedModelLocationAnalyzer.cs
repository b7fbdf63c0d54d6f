using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS101: a literal or constant cloud URI, http(s) URL, UNC or absolute path that flows into <c>Model.Save/Load</c>,
/// an ONNX export stream, <c>PredictionEnginePool</c> <c>FromFile/FromUri</c>, or a copy or upload of a model file
/// (see <see cref="ModelArtifacts.GetLocationValues"/>). Reported on the literal when it is in the same member as the
/// call (inline, or in a local), else (a constant or field) on the call's argument: a diagnostic must lie in the
/// member whose analysis reports it, or the IDE cannot show it or offer its fix. The member is analyzed as a whole
/// (an operation block action), and the call is the diagnostic's additional location, for the code fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedModelLocationAnalyzer : MlNetAnalyzer
{
    private const int MaxShownLength = 80;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS101_HardCodedModelLocation);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        var hint = ModelArtifacts.RegistryHint(symbols, "register and load the model by name");
        context.RegisterOperationBlockAction(c => AnalyzeBlocks(c, symbols, hint));
    }

    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, MlNetSymbols symbols, string hint)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (block is IInvocationOperation self)
            {
                AnalyzeInvocation(context, block, self, symbols, hint);
            }

            foreach (var operation in block.GetDescendants())
            {
                if (operation is IInvocationOperation invocation)
                {
                    AnalyzeInvocation(context, block, invocation, symbols, hint);
                }
            }
        }
    }

    private static void AnalyzeInvocation(OperationBlockAnalysisContext context, IOperation block, IInvocationOperation invocation, MlNetSymbols symbols, string hint)
    {
        List<ModelArtifacts.HardCodedLocation>? found = null;
        HashSet<TextSpan>? reported = null;
        foreach (var (argument, value, sink) in ModelArtifacts.GetLocationValues(invocation, symbols))
        {
            found ??= new List<ModelArtifacts.HardCodedLocation>();
            found.Clear();
            ModelArtifacts.FindHardCodedLocations(value, symbols, found);
            foreach (var location in found)
            {
                var inBlock = location.Node.SyntaxTree == block.Syntax.SyntaxTree && block.Syntax.Span.Contains(location.Node.Span);
                var node = inBlock ? location.Node : argument.Syntax;
                reported ??= new HashSet<TextSpan>();
                if (!reported.Add(node.Span))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLOPS101_HardCodedModelLocation,
                    node.GetLocation(),
                    additionalLocations: new[] { invocation.Syntax.GetLocation() },
                    Shorten(location.Value),
                    sink,
                    hint));
            }
        }
    }

    private static string Shorten(string value)
        => value.Length <= MaxShownLength ? value : value.Substring(0, MaxShownLength - 3) + "...";
}
