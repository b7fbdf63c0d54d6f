using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// The MLOps.Evaluation family (MLOPS4xx): every rule looks at one invocation at a time, so the family registers one
/// invocation action that hands each invocation to the enabled rules.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EvaluationAnalyzer : FamilyAnalyzer
{
    public EvaluationAnalyzer()
        : base(
            EvaluatedOnTrainingDataRule.Descriptor,
            PreprocessingFittedBeforeSplitRule.Descriptor,
            MetricsNotRecordedRule.Descriptor,
            SamplingKeyMisuseRule.Descriptor,
            LinearTrainerWithoutNormalizationRule.Descriptor,
            ModelChosenOnAccuracyRule.Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, EnabledRules rules)
    {
        var evaluatedOnTrainingData = rules[EvaluatedOnTrainingDataRule.Descriptor] && EvaluatedOnTrainingDataRule.Applies(symbols);
        var fittedBeforeSplit = rules[PreprocessingFittedBeforeSplitRule.Descriptor] && PreprocessingFittedBeforeSplitRule.Applies(symbols);
        var metricsNotRecorded = rules[MetricsNotRecordedRule.Descriptor] && MetricsNotRecordedRule.Applies(symbols);
        var samplingKey = rules[SamplingKeyMisuseRule.Descriptor] && SamplingKeyMisuseRule.Applies(symbols);
        var normalization = rules[LinearTrainerWithoutNormalizationRule.Descriptor] && LinearTrainerWithoutNormalizationRule.Applies(symbols);
        var chosenOnAccuracy = rules[ModelChosenOnAccuracyRule.Descriptor];
        if (!(evaluatedOnTrainingData || fittedBeforeSplit || metricsNotRecorded || samplingKey || normalization || chosenOnAccuracy))
        {
            return;
        }

        var selection = chosenOnAccuracy ? new ModelChosenOnAccuracyRule.Symbols(context.Compilation) : null;
        if (selection is not null)
        {
            context.RegisterOperationAction(c => ModelChosenOnAccuracyRule.AnalyzeBinary(c, selection), OperationKind.Binary);
        }

        context.RegisterOperationAction(
            c =>
            {
                if (evaluatedOnTrainingData)
                {
                    EvaluatedOnTrainingDataRule.AnalyzeInvocation(c, symbols);
                }

                if (fittedBeforeSplit)
                {
                    PreprocessingFittedBeforeSplitRule.AnalyzeInvocation(c, symbols);
                }

                if (metricsNotRecorded)
                {
                    MetricsNotRecordedRule.AnalyzeInvocation(c, symbols);
                }

                if (samplingKey)
                {
                    SamplingKeyMisuseRule.AnalyzeInvocation(c, symbols);
                }

                if (normalization)
                {
                    LinearTrainerWithoutNormalizationRule.AnalyzeInvocation(c, symbols);
                }

                if (selection is not null)
                {
                    ModelChosenOnAccuracyRule.AnalyzeInvocation(c, symbols, selection);
                }
            },
            OperationKind.Invocation);
    }
}
