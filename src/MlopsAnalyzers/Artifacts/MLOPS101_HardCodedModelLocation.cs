using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// MLOPS101: a literal or constant cloud URI, http(s) URL, UNC or absolute path that flows into <c>Model.Save/Load</c>,
/// an ONNX export stream, <c>PredictionEnginePool</c> <c>FromFile/FromUri</c>, or a copy or upload of a model file
/// (see <see cref="ModelArtifacts.GetLocationValues"/>). Reported on the literal when it is in the same member as the
/// call (inline, or in a local), else (a constant or field) on the call's argument: a diagnostic must lie in the
/// member whose analysis reports it, or the IDE cannot show it or offer its fix. The member is analyzed as a whole
/// (an operation block action), and the call is the diagnostic's additional location, for the code fix.
/// </summary>
internal static class HardCodedModelLocationRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.HardCodedModelLocation,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Hard-coded model location",
        messageFormat: "'{0}' is a hard-coded model location used by {1}: the code only works where that path or bucket exists and nothing records which version it holds; {2}",
        description: "A literal or constant cloud URI (s3://, gs://, https://), UNC path or absolute path flows, through locals, constants, concatenation, interpolation or Path.Combine, into Model.Save/Load, an ONNX export stream, PredictionEnginePool FromFile/FromUri, or a copy or upload of a model file. Models then live wherever someone wrote them by hand, unversioned. Relative paths and paths built from configuration are not flagged.");

    private const int MaxShownLength = 80;

    /// <summary>The registry hint of the message, computed once per compilation.</summary>
    public static string Hint(MlNetSymbols symbols) => ModelArtifacts.RegistryHint(symbols, "register and load the model by name");

    /// <summary>Checks every invocation of a member, analyzed as a whole so that a diagnostic lies in the member that reports it.</summary>
    public static void AnalyzeBlocks(in OperationBlockAnalysisContext context, MlNetSymbols symbols, string hint)
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

    private static void AnalyzeInvocation(in OperationBlockAnalysisContext context, IOperation block, IInvocationOperation invocation, MlNetSymbols symbols, string hint)
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
                    Descriptor,
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
