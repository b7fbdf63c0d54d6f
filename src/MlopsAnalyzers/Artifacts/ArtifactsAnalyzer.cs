using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// The MLOps.Artifacts family (MLOPS1xx): every rule looks at invocations (a save, a load, a copy or an upload) and
/// follows their arguments through <see cref="ModelArtifacts"/>. MLOPS101 analyzes a member as a whole, so that the
/// literal it reports lies in the member whose analysis reports it; the others share one invocation action.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ArtifactsAnalyzer : FamilyAnalyzer
{
    public ArtifactsAnalyzer()
        : base(
            HardCodedModelLocationRule.Descriptor,
            ModelArtifactMovedByHandRule.Descriptor,
            ModelSavedWithoutVersionMetadataRule.Descriptor,
            ModelSavedWithoutSchemaRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var hardCodedLocation = rules[HardCodedModelLocationRule.Descriptor];
        var movedByHand = rules[ModelArtifactMovedByHandRule.Descriptor];
        var withoutMetadata = rules[ModelSavedWithoutVersionMetadataRule.Descriptor] && ModelSavedWithoutVersionMetadataRule.Applies(symbols);
        var withoutSchema = rules[ModelSavedWithoutSchemaRule.Descriptor] && ModelSavedWithoutSchemaRule.Applies(symbols);
        var locationHint = hardCodedLocation ? HardCodedModelLocationRule.Hint(symbols) : string.Empty;
        var moveHint = movedByHand ? ModelArtifactMovedByHandRule.Hint(symbols) : string.Empty;
        var metadataHint = withoutMetadata ? ModelSavedWithoutVersionMetadataRule.Hint(symbols) : string.Empty;
        if (!(hardCodedLocation || movedByHand || withoutMetadata || withoutSchema))
        {
            return;
        }

        if (hardCodedLocation)
        {
            context.RegisterOperationBlockAction(c => HardCodedModelLocationRule.AnalyzeBlocks(c, symbols, locationHint));
        }

        if (!(movedByHand || withoutMetadata || withoutSchema))
        {
            return;
        }

        context.RegisterOperationAction(
            c =>
            {
                if (movedByHand)
                {
                    ModelArtifactMovedByHandRule.AnalyzeInvocation(c, symbols, moveHint);
                }

                if (withoutMetadata)
                {
                    ModelSavedWithoutVersionMetadataRule.AnalyzeInvocation(c, symbols, metadataHint);
                }

                if (withoutSchema)
                {
                    ModelSavedWithoutSchemaRule.AnalyzeInvocation(c, symbols);
                }
            },
            OperationKind.Invocation);
    }
}
