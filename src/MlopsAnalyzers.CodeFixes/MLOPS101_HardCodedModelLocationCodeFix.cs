using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS101: moves the model file that the hard-coded location names (the <c>Model.Save</c> or <c>Model.Load</c> of the
/// diagnostic's additional location) into a model registry in the same folder, overridable with
/// <c>MLOPS_REGISTRY_ROOT</c>: every save of that file in the solution registers the model under a name from its file
/// name, and every load loads <c>mlops.MLOPS101.load_version</c> (default <c>latest</c>) of it, in one fix (see
/// <see cref="RegistryPlanner.PlanFileAsync"/>). Not offered when the path is not known at compile time, nothing in the
/// solution saves the file, or some other code reads it; locations used by uploads and copies are fixed by MLOPS102's fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedModelLocationCodeFix)), Shared]
public sealed class HardCodedModelLocationCodeFix : RegistryRewriteCodeFix
{
    public const string EquivalenceKey = "MLOPS101.UseModelRegistry";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HardCodedModelLocation);

    protected override string EquivalenceKeyValue => EquivalenceKey;

    private protected override Task<RegistryPlan?> GetPlanAsync(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
            || InvocationAt(root, diagnostic.AdditionalLocations[0].SourceSpan, semanticModel, cancellationToken, out _) is not { } invocation)
        {
            return Task.FromResult<RegistryPlan?>(null);
        }

        var version = ModelRegistryRewrite.ReadVersionOption(document, root.SyntaxTree, RuleIdentifiers.HardCodedModelLocation, ModelRegistryRewrite.LoadVersionOption, ModelRegistryRewrite.Latest);
        return RegistryPlanner.PlanFileAsync(document, invocation, symbols, version, cancellationToken);
    }
}
