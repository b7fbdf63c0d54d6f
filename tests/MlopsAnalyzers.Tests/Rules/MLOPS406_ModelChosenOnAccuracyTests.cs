using System.Threading.Tasks;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS406_ModelChosenOnAccuracyTests
{
    private static string Method(string body) => $$"""
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.AutoML;
        using Microsoft.ML.Data;

        public record Candidate(ITransformer Model, CalibratedBinaryClassificationMetrics Metrics);

        public class Selection
        {
            public object Run(MLContext ml, CalibratedBinaryClassificationMetrics a, CalibratedBinaryClassificationMetrics b, MulticlassClassificationMetrics m, MulticlassClassificationMetrics n, List<Candidate> candidates, BinaryExperimentSettings given)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """ + Stubs.AutoML;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("{|MLOPS406:ml.Auto().CreateBinaryClassificationExperiment(60)|}")]
    [InlineData("{|MLOPS406:ml.Auto().CreateMulticlassClassificationExperiment(60)|}")]
    [InlineData("{|MLOPS406:ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings { MaxExperimentTimeInSeconds = 60 })|}")]
    [InlineData("{|MLOPS406:ml.Auto().CreateMulticlassClassificationExperiment(new MulticlassExperimentSettings())|}")]
    [InlineData("{|MLOPS406:a.Accuracy > b.Accuracy|} ? a : b")]
    [InlineData("{|MLOPS406:a.F1Score >= b.F1Score|} ? a : b")]
    [InlineData("{|MLOPS406:m.MicroAccuracy < n.MicroAccuracy|} ? n : m")]
    [InlineData("{|MLOPS406:candidates.OrderByDescending(c => c.Metrics.Accuracy)|}.First()")]
    [InlineData("{|MLOPS406:candidates.MaxBy(c => c.Metrics.F1Score)|}")]
    public Task ChosenOnAccuracy(string expression)
        => Verify<ModelChosenOnAccuracyAnalyzer>.AnalyzerAsync(Method($"return {expression};"));

    [Fact]
    public Task SettingsInALocal()
        => Verify<ModelChosenOnAccuracyAnalyzer>.AnalyzerAsync(Method("""
            var settings = new BinaryExperimentSettings { MaxExperimentTimeInSeconds = 60 };
            return {|MLOPS406:ml.Auto().CreateBinaryClassificationExperiment(settings)|};
            """));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings { OptimizingMetric = BinaryClassificationMetric.AreaUnderRocCurve })")]
    [InlineData("ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings { OptimizingMetric = BinaryClassificationMetric.Accuracy })")]
    [InlineData("ml.Auto().CreateMulticlassClassificationExperiment(new MulticlassExperimentSettings { OptimizingMetric = MulticlassClassificationMetric.LogLoss })")]
    [InlineData("ml.Auto().CreateBinaryClassificationExperiment(given)")]
    [InlineData("ml.Auto().CreateRegressionExperiment(60)")]
    [InlineData("a.Accuracy > 0.9 ? a : b")]
    [InlineData("a.Accuracy > b.Accuracy && a.AreaUnderRocCurve > b.AreaUnderRocCurve ? a : b")]
    [InlineData("m.MicroAccuracy > n.MicroAccuracy && m.LogLoss < n.LogLoss ? m : n")]
    [InlineData("candidates.OrderByDescending(c => c.Metrics.AreaUnderPrecisionRecallCurve).First()")]
    [InlineData("candidates.OrderByDescending(c => c.Metrics.Accuracy).ThenBy(c => c.Metrics.LogLoss).First()")]
    [InlineData("candidates.Count > candidates.Capacity")]
    public Task ThresholdFreeOrNotAChoice(string expression)
        => Verify<ModelChosenOnAccuracyAnalyzer>.AnalyzerAsync(Method($"return {expression};"));

    [Fact]
    public Task SettingsChangedAfterTheirCreation()
        => Verify<ModelChosenOnAccuracyAnalyzer>.AnalyzerAsync(Method("""
            var settings = new BinaryExperimentSettings { MaxExperimentTimeInSeconds = 60 };
            settings.OptimizingMetric = BinaryClassificationMetric.AreaUnderRocCurve;
            return ml.Auto().CreateBinaryClassificationExperiment(settings);
            """));

    [Fact]
    public Task AnotherTypesAccuracy()
        => Verify<ModelChosenOnAccuracyAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Score { public double Accuracy { get; set; } }
            public class Job { public bool Run(MLContext ml, Score a, Score b) => a.Accuracy > b.Accuracy; }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<ModelChosenOnAccuracyAnalyzer>.WithoutMlNetAsync("""
            public class Metrics { public double Accuracy { get; set; } }
            public class Job { public bool Run(Metrics a, Metrics b) => a.Accuracy > b.Accuracy; }
            """);

    [Theory]
    [InlineData("return a.Accuracy > ;")]
    [InlineData("return ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings { OptimizingMetric = });")]
    [InlineData("return candidates.OrderBy(c => c.Metrics.);")]
    [InlineData("return ml.Auto().CreateBinaryClassificationExperiment(;")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ModelChosenOnAccuracyAnalyzer>.IncompleteCodeAsync(Method(body));
}
