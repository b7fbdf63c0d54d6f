using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlopsAnalyzers.Artifacts;
using MlopsAnalyzers.Evaluation;
using MlopsAnalyzers.Reproducibility;
using MlopsAnalyzers.Serving;
using MlopsAnalyzers.Skew;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>
/// One rule of a family analyzer, as a test sees it: the real family analyzer of the package runs (the driver sees
/// its Initialize and its supported diagnostics), and the test switches the family's other rules off
/// (<see cref="OtherRuleIds"/> become disabled diagnostics, as <c>severity = none</c> would), so a rule's tests assert
/// exactly that rule's diagnostics, and every test also runs the family with some of its rules off.
/// </summary>
public abstract class SingleRuleAnalyzer<TFamily> : DiagnosticAnalyzer, ISingleRuleAnalyzer
    where TFamily : DiagnosticAnalyzer, new()
{
    private readonly TFamily _family = new();

    protected SingleRuleAnalyzer(string ruleId) => RuleId = ruleId;

    public string RuleId { get; }

    public IEnumerable<string> OtherRuleIds => _family.SupportedDiagnostics.Select(d => d.Id).Where(id => id != RuleId);

    public bool IsCompilationEnd => _family.SupportedDiagnostics.Any(d => d.Id == RuleId && d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _family.SupportedDiagnostics;

#pragma warning disable RS1025, RS1026 // The family's own Initialize enables concurrent execution and skips generated code.
    public override void Initialize(AnalysisContext context) => _family.Initialize(context);
#pragma warning restore RS1025, RS1026
}

public interface ISingleRuleAnalyzer
{
    string RuleId { get; }

    IEnumerable<string> OtherRuleIds { get; }

    /// <summary>True when the rule reports at the end of the compilation (its diagnostics are not local to a member).</summary>
    bool IsCompilationEnd { get; }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedModelLocationAnalyzer() : SingleRuleAnalyzer<ArtifactsAnalyzer>(RuleIdentifiers.HardCodedModelLocation);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelArtifactMovedByHandAnalyzer() : SingleRuleAnalyzer<ArtifactsAnalyzer>(RuleIdentifiers.ModelArtifactMovedByHand);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelSavedWithoutVersionMetadataAnalyzer() : SingleRuleAnalyzer<ArtifactsAnalyzer>(RuleIdentifiers.ModelSavedWithoutVersionMetadata);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelSavedWithoutSchemaAnalyzer() : SingleRuleAnalyzer<ArtifactsAnalyzer>(RuleIdentifiers.ModelSavedWithoutSchema);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataPreparationNotSavedAnalyzer() : SingleRuleAnalyzer<SkewAnalyzer>(RuleIdentifiers.DataPreparationNotSaved);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FitOnServingPathAnalyzer() : SingleRuleAnalyzer<SkewAnalyzer>(RuleIdentifiers.FitOnServingPath);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsaveableCustomMappingAnalyzer() : SingleRuleAnalyzer<SkewAnalyzer>(RuleIdentifiers.UnsaveableCustomMapping);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicatedPipelineAnalyzer() : SingleRuleAnalyzer<SkewAnalyzer>(RuleIdentifiers.DuplicatedPipeline);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededMLContextAnalyzer() : SingleRuleAnalyzer<ReproducibilityAnalyzer>(RuleIdentifiers.UnseededMLContext);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededDataOperationAnalyzer() : SingleRuleAnalyzer<ReproducibilityAnalyzer>(RuleIdentifiers.UnseededDataOperation);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeveloperMachineDataPathAnalyzer() : SingleRuleAnalyzer<ReproducibilityAnalyzer>(RuleIdentifiers.DeveloperMachineDataPath);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ImplicitHyperparametersAnalyzer() : SingleRuleAnalyzer<ReproducibilityAnalyzer>(RuleIdentifiers.ImplicitHyperparameters);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EvaluatedOnTrainingDataAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.EvaluatedOnTrainingData);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PreprocessingFittedBeforeSplitAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.PreprocessingFittedBeforeSplit);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetricsNotRecordedAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.MetricsNotRecorded);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SamplingKeyMisuseAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.SamplingKeyMisuse);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LinearTrainerWithoutNormalizationAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.LinearTrainerWithoutNormalization);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictionEngineSharedAcrossThreadsAnalyzer() : SingleRuleAnalyzer<ServingAnalyzer>(RuleIdentifiers.PredictionEngineSharedAcrossThreads);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelLoadedPerPredictionAnalyzer() : SingleRuleAnalyzer<ServingAnalyzer>(RuleIdentifiers.ModelLoadedPerPrediction);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictionsNotMonitoredAnalyzer() : SingleRuleAnalyzer<ServingAnalyzer>(RuleIdentifiers.PredictionsNotMonitored);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedImmutableResultAnalyzer() : SingleRuleAnalyzer<MlopsAnalyzers.Data.DataAnalyzer>(RuleIdentifiers.DiscardedImmutableResult);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TextLoaderDefaultsContradictFileAnalyzer() : SingleRuleAnalyzer<MlopsAnalyzers.Data.DataAnalyzer>(RuleIdentifiers.TextLoaderDefaultsContradictFile);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingRealsReadAsZeroAnalyzer() : SingleRuleAnalyzer<MlopsAnalyzers.Data.DataAnalyzer>(RuleIdentifiers.MissingRealsReadAsZero);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TransformedColumnNeverUsedAnalyzer() : SingleRuleAnalyzer<MlopsAnalyzers.Data.DataAnalyzer>(RuleIdentifiers.TransformedColumnNeverUsed);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelChosenOnAccuracyAnalyzer() : SingleRuleAnalyzer<EvaluationAnalyzer>(RuleIdentifiers.ModelChosenOnAccuracy);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SeededContextNondeterministicThreadsAnalyzer() : SingleRuleAnalyzer<ReproducibilityAnalyzer>(RuleIdentifiers.SeededContextNondeterministicThreads);

[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopInvariantWorkAnalyzer() : SingleRuleAnalyzer<ServingAnalyzer>(RuleIdentifiers.LoopInvariantWork);
