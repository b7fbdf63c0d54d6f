using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// MLOPS102: <c>File.Copy/Move</c>, <c>Stream.CopyTo</c>, an AWS S3 upload (<c>TransferUtility.Upload*</c>,
/// <c>PutObject*</c>) or an Azure Blob upload of a model file: one that <c>Model.Save</c> or ONNX export wrote in the
/// same method, or that is named like a model (see <see cref="ModelArtifacts.IsModelArtifact"/>).
/// </summary>
internal static class ModelArtifactMovedByHandRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ModelArtifactMovedByHand,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Model artifact moved by hand",
        messageFormat: "The model file is moved by hand with '{0}': nothing records which version went where or which one serves; {1}",
        description: "File.Copy/Move, a stream copy, an AWS S3 upload (TransferUtility.Upload, PutObject) or an Azure Blob upload of a file that Model.Save or ONNX export wrote in the same method, or of a file named like a model (.onnx, .mlnet, *model*.zip). Publishing models by copying files loses the link between a served model and how it was trained; a model registry versions it and moves an alias instead.");

    /// <summary>The registry hint of the message, computed once per compilation.</summary>
    public static string Hint(MlNetSymbols symbols) => ModelArtifacts.RegistryHint(symbols, "publish it (register it, then point an alias such as 'production' at it)");

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols, string hint)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (ModelArtifacts.GetMove(invocation, symbols) is { } move && ModelArtifacts.IsModelArtifact(move, invocation, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                invocation.Syntax.GetLocation(),
                move.Description,
                hint));
        }
    }
}
