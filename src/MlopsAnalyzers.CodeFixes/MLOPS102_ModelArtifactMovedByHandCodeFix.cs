using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS102: replaces a statement that only copies or uploads the model file with publishing through the default model
/// registry: <c>ModelRegistry.Default.SetAlias("name", "production", "latest")</c>, which points the alias
/// (<c>mlops.MLOPS102.alias</c>, default <c>production</c>) at the latest registered version. Offered only when the
/// compilation references MlopsAnalyzers.Abstractions, the call is a statement of its own (its result unused) and the
/// model name can be derived from the file's path.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelArtifactMovedByHandCodeFix)), Shared]
public sealed class ModelArtifactMovedByHandCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS102.PublishThroughRegistry";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelArtifactMovedByHand);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override RegistryRewrite? GetRewrite(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (InvocationAt(root, diagnostic.Location.SourceSpan, semanticModel, cancellationToken, out var call) is not { } invocation || call is null)
        {
            return null;
        }

        var alias = ModelRegistryRewrite.ReadVersionOption(document, root.SyntaxTree, RuleIdentifiers.ModelArtifactMovedByHand, ModelRegistryRewrite.AliasOption, ModelRegistryRewrite.Production);
        return ModelRegistryRewrite.Publish(invocation, symbols, alias, out var statement, out var name) is { } publish && statement is not null
            ? Create(semanticModel, symbols, statement, publish, $"Publish '{name}' through the model registry (point '{alias}' at the latest version)")
            : null;
    }
}
