using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS103: <c>mlContext.Model.Save(..., filePath)</c> in a method (with its lambdas and local functions) that
/// records nothing about the model: no call into MlopsAnalyzers.Abstractions (registry, tracker), no metadata file
/// written (<c>File.Write*/Append*</c>, <c>JsonSerializer.Serialize*</c>, <c>JsonConvert.SerializeObject</c>), and no call
/// to a method of the project's own whose name says it records (<see cref="RecordingWords"/>). Saves to a stream are
/// not flagged: they are how registries and caches store models.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelSavedWithoutVersionMetadataAnalyzer : MlNetAnalyzer
{
    /// <summary>Words in the name of a project method that mean it records the model somewhere (case-insensitive).</summary>
    public static readonly ImmutableArray<string> RecordingWords = ImmutableArray.Create("register", "metadata", "manifest", "version", "track", "modelcard");

    private const string AbstractionsAssembly = "MlopsAnalyzers.Abstractions";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS103_ModelSavedWithoutVersionMetadata);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.ModelOperationsCatalog is null)
        {
            return;
        }

        var hint = ModelArtifacts.RegistryHint(symbols, "register it, which records them,");
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, hint), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MlNetSymbols symbols, string hint)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ModelArtifacts.IsModelSaveToFile(invocation, symbols, out _) || RecordsMetadata(invocation.GetRoot(), symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MLOPS103_ModelSavedWithoutVersionMetadata, invocation.Syntax.GetLocation(), hint));
    }

    /// <summary>True when the method records something about a model besides saving it.</summary>
    internal static bool RecordsMetadata(IOperation root, MlNetSymbols symbols)
    {
        foreach (var operation in root.GetDescendants())
        {
            var member = operation switch
            {
                IInvocationOperation call => call.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                IMemberReferenceOperation reference => reference.Member,
                _ => null,
            };

            if (member is null)
            {
                continue;
            }

            if (member.ContainingAssembly?.Name == AbstractionsAssembly)
            {
                return true;
            }

            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if ((ArtifactSymbols.Is(type, symbols.Artifacts.File) && (method.Name.StartsWith("Write", StringComparison.Ordinal) || method.Name.StartsWith("Append", StringComparison.Ordinal)))
                || (ArtifactSymbols.Is(type, symbols.Artifacts.JsonSerializer) && method.Name.StartsWith("Serialize", StringComparison.Ordinal))
                || (ArtifactSymbols.Is(type, symbols.Artifacts.NewtonsoftJsonConvert) && method.Name.StartsWith("Serialize", StringComparison.Ordinal)))
            {
                return true;
            }

            if (method.Locations.Length > 0 && method.Locations[0].IsInSource && NameSaysItRecords(method.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NameSaysItRecords(string name)
    {
        foreach (var word in RecordingWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
