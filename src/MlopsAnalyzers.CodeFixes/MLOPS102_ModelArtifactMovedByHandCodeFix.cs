using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS102: replaces a statement that copies or uploads a model file that the same method saved with publishing it
/// through a model registry at the copy's destination: the folder or share of <c>File.Copy</c>, the bucket and key
/// prefix of an S3 upload, the container of a blob upload (overridable with <c>MLOPS_REGISTRY_ROOT</c>). The model is
/// registered there and the alias <c>mlops.MLOPS102.alias</c> (default <c>production</c>) points at the new version;
/// the async registry API is used when the upload was awaited; the client objects only the upload used are removed; the
/// loads of a copied file's destination in the solution load the alias instead. Not offered for code that only
/// consumes or archives a model (no save of it in the method), when the destination is not known at compile time,
/// the store package the destination needs is not referenced, or another reader of the destination exists (see
/// <see cref="RegistryPlanner.PlanMoveAsync"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelArtifactMovedByHandCodeFix)), Shared]
public sealed class ModelArtifactMovedByHandCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS102.PublishThroughRegistry";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelArtifactMovedByHand);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override Task<RegistryPlan?> GetPlanAsync(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (InvocationAt(root, diagnostic.Location.SourceSpan, semanticModel, cancellationToken, out _) is not { } invocation)
        {
            return Task.FromResult<RegistryPlan?>(null);
        }

        var alias = ModelRegistryRewrite.ReadVersionOption(document, root.SyntaxTree, RuleIdentifiers.ModelArtifactMovedByHand, ModelRegistryRewrite.AliasOption, ModelRegistryRewrite.Production);
        return RegistryPlanner.PlanMoveAsync(document, semanticModel, invocation, symbols, alias, cancellationToken);
    }
}
