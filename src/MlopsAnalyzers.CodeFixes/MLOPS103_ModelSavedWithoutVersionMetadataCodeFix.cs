using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS103: rewrites <c>mlContext.Model.Save(model, schema, path)</c> to registering the model, with its version
/// metadata, in a model registry in the folder the file went to (overridable with <c>MLOPS_REGISTRY_ROOT</c>), and the
/// loads of that file in the solution to loading the registered model, in one fix (see
/// <see cref="RegistryPlanner.PlanFileAsync"/>). The version loaded is <c>mlops.MLOPS101.load_version</c> (default
/// <c>latest</c>). Not offered when the schema is null, the path is not known at compile time, or some other code
/// uses the file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSavedWithoutVersionMetadataCodeFix)), Shared]
public sealed class ModelSavedWithoutVersionMetadataCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS103.RegisterWithMetadata";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelSavedWithoutVersionMetadata);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override Task<RegistryPlan?> GetPlanAsync(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (InvocationAt(root, diagnostic.Location.SourceSpan, semanticModel, cancellationToken, out _) is not { } invocation
            || !Artifacts.ModelArtifacts.IsModelSaveToFile(invocation, symbols, out _))
        {
            return Task.FromResult<RegistryPlan?>(null);
        }

        var version = ModelRegistryRewrite.ReadVersionOption(document, root.SyntaxTree, RuleIdentifiers.HardCodedModelLocation, ModelRegistryRewrite.LoadVersionOption, ModelRegistryRewrite.Latest);
        return RegistryPlanner.PlanFileAsync(document, invocation, symbols, version, cancellationToken);
    }
}
