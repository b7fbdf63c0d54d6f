using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS102: <c>File.Copy/Move</c>, <c>Stream.CopyTo</c>, an AWS S3 upload (<c>TransferUtility.Upload*</c>,
/// <c>PutObject*</c>) or an Azure Blob upload of a model file: one that <c>Model.Save</c> or ONNX export wrote in the
/// same method, or that is named like a model (see <see cref="ModelArtifacts.IsModelArtifact"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelArtifactMovedByHandAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS102_ModelArtifactMovedByHand);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        var hint = ModelArtifacts.RegistryHint(symbols, "publish it (register it, then point an alias such as 'production' at it)");
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, hint), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MlNetSymbols symbols, string hint)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (ModelArtifacts.GetMove(invocation, symbols) is { } move && ModelArtifacts.IsModelArtifact(move, invocation, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MLOPS102_ModelArtifactMovedByHand,
                invocation.Syntax.GetLocation(),
                move.Description,
                hint));
        }
    }
}
