using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// MLOPS103: <c>mlContext.Model.Save(..., filePath)</c> in a method (with its lambdas and local functions) that
/// records nothing about the model: no call into MlopsAnalyzers.Abstractions (registry, tracker), no metadata file
/// written (<c>File.Write*/Append*</c>, <c>JsonSerializer.Serialize*</c>, <c>JsonConvert.SerializeObject</c>), and no call
/// to a method of the project's own whose name says it records (<see cref="RecordingWords"/>). Saves to a stream are
/// not flagged: they are how registries and caches store models; nor a save to a path the same method loads the model
/// back from (a round trip through a scratch file).
/// </summary>
internal static class ModelSavedWithoutVersionMetadataRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ModelSavedWithoutVersionMetadata,
        RuleCategories.Artifacts,
        RuleLevel.IdeSuggestion,
        title: "Model saved without version metadata",
        messageFormat: "The model is saved to a file and this method records nothing about it (version, training data, metrics, source commit); {0}",
        description: "Model.Save to a file path in a method that records no metadata: it calls no model registry or experiment tracker and writes no metadata file (File.Write*, a JSON serializer, or a method of its own named like Register/Metadata/Manifest/Version/Track). Which model is which can then only be guessed from file names and dates.");

    /// <summary>Words in the name of a project method that mean it records the model somewhere (case-insensitive).</summary>
    public static readonly ImmutableArray<string> RecordingWords = ImmutableArray.Create("register", "metadata", "manifest", "version", "track", "modelcard");

    private const string AbstractionsAssembly = "MlopsAnalyzers.Abstractions";

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.ModelOperationsCatalog is not null;

    /// <summary>The registry hint of the message, computed once per compilation.</summary>
    public static string Hint(MlNetSymbols symbols) => ModelArtifacts.RegistryHint(symbols, "register it, which records them,");

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols, string hint)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ModelArtifacts.IsModelSaveToFile(invocation, symbols, out var path)
            || (path is not null && IsLoadedBack(path.Value, invocation.GetRoot(), symbols))
            || RecordsMetadata(invocation.GetRoot(), symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptor, invocation.Syntax.GetLocation(), hint));
    }

    /// <summary>
    /// True when the method loads a model back from the path it saved to (<c>Model.Load(path, ...)</c>, or from a stream
    /// opened on it): a round trip through a scratch file (ML.NET's API samples, a test of the saved pipeline), not a
    /// model published for others to pick up.
    /// </summary>
    internal static bool IsLoadedBack(IOperation path, IOperation root, MlNetSymbols symbols)
    {
        foreach (var operation in root.GetDescendants())
        {
            if (operation is not IInvocationOperation load || !symbols.IsModelLoad(load.TargetMethod))
            {
                continue;
            }

            foreach (var argument in load.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (type?.SpecialType == SpecialType.System_String && ModelArtifacts.IsSameValue(argument.Value, path))
                {
                    return true;
                }

                if (type.InheritsFrom(symbols.Artifacts.Stream)
                    && ModelArtifacts.GetFilePathOfStream(argument.Value, symbols) is { } read
                    && ModelArtifacts.IsSameValue(read, path))
                {
                    return true;
                }
            }
        }

        return false;
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
