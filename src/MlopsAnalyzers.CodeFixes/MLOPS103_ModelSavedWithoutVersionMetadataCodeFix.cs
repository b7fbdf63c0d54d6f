using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS103: rewrites <c>mlContext.Model.Save(model, schema, path)</c> to registering the model with the default
/// model registry, which records its version metadata (see <see cref="ModelRegistryRewrite"/>). Offered only when the
/// compilation references MlopsAnalyzers.Abstractions, the schema is not null and a name can be derived from the path.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSavedWithoutVersionMetadataCodeFix)), Shared]
public sealed class ModelSavedWithoutVersionMetadataCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS103.RegisterWithMetadata";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelSavedWithoutVersionMetadata);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override RegistryRewrite? GetRewrite(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (InvocationAt(root, diagnostic.Location.SourceSpan, semanticModel, cancellationToken, out var call) is not { } invocation || call is null)
        {
            return null;
        }

        return Create(semanticModel, symbols, call, ModelRegistryRewrite.Register(invocation, symbols, out var name), $"Register the model as '{name}' in the model registry (records its metadata)");
    }
}
