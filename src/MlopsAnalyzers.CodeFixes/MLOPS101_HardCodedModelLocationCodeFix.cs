using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS101: rewrites the <c>Model.Save</c> or <c>Model.Load</c> call that the hard-coded location flows into (the
/// diagnostic's additional location) to the default model registry, by a name derived from the path (see
/// <see cref="ModelRegistryRewrite"/>). Load asks for <c>mlops.MLOPS101.load_version</c> (default <c>latest</c>).
/// Offered only when the compilation references MlopsAnalyzers.Abstractions; locations used by uploads and copies are
/// fixed by MLOPS102's fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedModelLocationCodeFix)), Shared]
public sealed class HardCodedModelLocationCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS101.UseModelRegistry";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HardCodedModelLocation);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override RegistryRewrite? GetRewrite(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
            || InvocationAt(root, diagnostic.AdditionalLocations[0].SourceSpan, semanticModel, cancellationToken, out var call) is not { } invocation
            || call is null)
        {
            return null;
        }

        if (ModelRegistryRewrite.Register(invocation, symbols, out var name) is { } register)
        {
            return Create(semanticModel, symbols, call, register, $"Register the model as '{name}' in the model registry");
        }

        var version = ModelRegistryRewrite.ReadVersionOption(document, root.SyntaxTree, RuleIdentifiers.HardCodedModelLocation, ModelRegistryRewrite.LoadVersionOption, ModelRegistryRewrite.Latest);
        return ModelRegistryRewrite.Load(invocation, symbols, version, out name) is { } load
            ? Create(semanticModel, symbols, call, load, $"Load '{name}' ({version}) from the model registry")
            : null;
    }
}
