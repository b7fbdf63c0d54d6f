using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS403_MetricsNotRecordedTests
{
    private static string Method(string body, string usings = "") => $$"""
        using System;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;{{usings}}

        public class PriceExperiment
        {
            private RegressionMetrics _last;

            public void Run(MLContext ml, IDataView scored, IDataView data, IEstimator<ITransformer> pipeline)
            {
                {{body.Replace("\n", "\n        ")}}
            }

            private static void Save(object metrics) { }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("{|MLOPS403:ml.Regression.Evaluate(scored)|};")]
    [InlineData("_ = {|MLOPS403:ml.BinaryClassification.Evaluate(scored)|};")]
    [InlineData("var unused = {|MLOPS403:ml.MulticlassClassification.Evaluate(scored)|};")]
    [InlineData("{|MLOPS403:ml.Regression.CrossValidate(data, pipeline, seed: 1)|};")]
    public Task Discarded(string body)
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(Method(body));

    [Theory]
    [InlineData("Console.WriteLine($\"R2: {m.RSquared:0.00}, RMSE: {m.RootMeanSquaredError}\");")]
    [InlineData("Console.WriteLine(\"R2: \" + m.RSquared);")]
    [InlineData("Console.WriteLine(\"R2: {0} MAE: {1} RMSE: {2}\", m.RSquared, m.MeanAbsoluteError, m.RootMeanSquaredError);")]
    [InlineData("Console.WriteLine(m.RSquared.ToString(\"0.00\"));")]
    [InlineData("Console.Out.WriteLine(string.Format(\"{0:P1}\", m.RSquared));")]
    [InlineData("Console.Error.Write(m);")]
    [InlineData("System.Diagnostics.Debug.WriteLine(m.LossFunction);")]
    [InlineData("var text = $\"R2 {m.RSquared}\"; Console.WriteLine(text);")]
    [InlineData("Console.WriteLine(m.RSquared); Console.WriteLine(m.MeanSquaredError);")]
    public Task OnlyPrinted(string printing)
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(Method("var m = {|MLOPS403:ml.Regression.Evaluate(scored)|};\n" + printing));

    [Fact]
    public Task ConfusionMatrixAndPerClassValuesPrinted()
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(Method("""
            var metrics = {|MLOPS403:ml.MulticlassClassification.Evaluate(scored)|};
            Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
            Console.WriteLine($"Log-loss of class 0: {metrics.PerClassLogLoss[0]}");
            """));

    [Fact]
    public Task CrossValidationFoldsPrinted()
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(Method("""
            var folds = {|MLOPS403:ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1)|};
            foreach (var fold in folds)
            {
                Console.WriteLine($"Fold {fold.Fold}: R2 {fold.Metrics.RSquared}");
            }

            Console.WriteLine($"Mean R2: {folds.Average(f => f.Metrics.RSquared):0.000}");
            Console.WriteLine(folds.Select(f => f.Metrics.RootMeanSquaredError).Max());
            """));

    [Fact]
    public Task TopLevelProgram()
        => Verify<MetricsNotRecordedAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var scored = ml.Data.LoadFromTextFile<Row>("scored.csv");
            var metrics = {|MLOPS403:ml.BinaryClassification.EvaluateNonCalibrated(scored)|};
            System.Console.WriteLine($"AUC {metrics.AreaUnderRocCurve}, F1 {metrics.F1Score}");

            public class Row { public bool Label; public float Score; public bool PredictedLabel; }
            """);

    [Fact]
    public Task MessageNamesTheCall()
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(
            Method("ml.Clustering.Evaluate(scored);"),
            new DiagnosticResult("MLOPS403", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(12, 9, 12, 39)
                .WithArguments("Evaluate"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("var m = ml.Regression.Evaluate(scored); Save(m);")]
    [InlineData("var m = ml.Regression.Evaluate(scored); _last = m;")]
    [InlineData("var m = ml.Regression.Evaluate(scored); if (m.RSquared < 0.8) throw new InvalidOperationException(\"model too weak\");")]
    [InlineData("var m = ml.Regression.Evaluate(scored); Console.WriteLine(m.RSquared); Save(m.RSquared);")]
    [InlineData("var m = ml.Regression.Evaluate(scored); System.IO.File.WriteAllText(\"metrics.txt\", $\"{m.RSquared}\");")]
    [InlineData("var m = ml.Regression.Evaluate(scored); var line = \"R2 \" + m.RSquared; System.IO.File.AppendAllText(\"log.txt\", line);")]
    [InlineData("var m = ml.Regression.Evaluate(scored); Func<double> later = () => m.RSquared; Save(later);")]
    [InlineData("var folds = ml.Regression.CrossValidate(data, pipeline, seed: 1); Save(folds.Average(f => f.Metrics.RSquared));")]
    [InlineData("var folds = ml.Regression.CrossValidate(data, pipeline, seed: 1); Console.WriteLine(folds.Average(f => Keep(f.Metrics)));")]
    [InlineData("var folds = ml.Regression.CrossValidate(data, pipeline, seed: 1); foreach (var fold in folds) { Save(fold.Model); }")]
    [InlineData("var sb = new System.Text.StringBuilder(); sb.Append(ml.Regression.Evaluate(scored).RSquared); Save(sb);")]
    public Task RecordedOrUsed(string body)
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync(Method(body).Replace("private static void Save(", "private static double Keep(object m) => 0;\n    private static void Save("));

    [Fact]
    public Task ReturnedToTheCaller()
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;
            using Microsoft.ML.Data;

            public class PriceExperiment
            {
                public RegressionMetrics Evaluate(MLContext ml, IDataView scored) => ml.Regression.Evaluate(scored);

                public RegressionMetrics EvaluateToo(MLContext ml, IDataView scored)
                {
                    var metrics = ml.Regression.Evaluate(scored);
                    System.Console.WriteLine(metrics.RSquared);
                    return metrics;
                }
            }
            """);

    [Fact]
    public Task AnotherTypesEvaluate()
        => Verify<MetricsNotRecordedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Evaluator { public double Evaluate(IDataView data) => 0; public double CrossValidate(IDataView data) => 0; }

            public class PriceExperiment
            {
                public void Run(Evaluator evaluator, IDataView scored)
                {
                    evaluator.Evaluate(scored);
                    System.Console.WriteLine(evaluator.CrossValidate(scored));
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<MetricsNotRecordedAnalyzer>.WithoutMlNetAsync("""
            public class Regression { public double Evaluate(object data) => 0; }
            public class MLContext { public Regression Regression { get; } = new Regression(); }
            public class Job { public void Run(MLContext ml) => System.Console.WriteLine(ml.Regression.Evaluate(null)); }
            """);

    [Theory]
    [InlineData("var m = ml.Regression.Evaluate(scored); Console.WriteLine(m.);")]
    [InlineData("var m = ml.Regression.Evaluate(); Console.WriteLine(m.RSquared);")]
    [InlineData("var m = ml.Regression.Evaluate(scored, ; Console.WriteLine(m.RSquared);")]
    [InlineData("foreach (var f in ) { Console.WriteLine(f.Metrics); }")]
    [InlineData("var folds = ml.Regression.CrossValidate(data, ); Console.WriteLine(folds.Average(f => ));")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<MetricsNotRecordedAnalyzer>.IncompleteCodeAsync(Method(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixRecordsWithTheExperimentTracker_FixAllAddsOneUsing()
        => Verify<MetricsNotRecordedAnalyzer>.CodeFixAsync<MetricsNotRecordedCodeFix>(Method("""
            var metrics = {|MLOPS403:ml.Regression.Evaluate(scored, labelColumnName: "Price")|}; // test set
            Console.WriteLine($"R2: {metrics.RSquared:0.00}");
            var folds = {|MLOPS403:ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 3, seed: 1)|};
            Console.WriteLine(folds.Average(f => f.Metrics.RSquared));
            {|MLOPS403:ml.BinaryClassification.Evaluate(scored)|};
            """), Method("""
            var metrics = ExperimentTracker.Default.RecordEvaluation("PriceExperiment", ml.Regression.Evaluate(scored, labelColumnName: "Price")); // test set
            Console.WriteLine($"R2: {metrics.RSquared:0.00}");
            var folds = ExperimentTracker.Default.RecordCrossValidation("PriceExperiment", ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 3, seed: 1));
            Console.WriteLine(folds.Average(f => f.Metrics.RSquared));
            ExperimentTracker.Default.RecordEvaluation("PriceExperiment", ml.BinaryClassification.Evaluate(scored));
            """, "\nusing MlopsAnalyzers.Abstractions.Tracking;"), referenceAbstractions: true);

    [Fact]
    public Task FixUsesTheConfiguredExperimentName_AndAnExistingUsing()
        => Verify<MetricsNotRecordedAnalyzer>.CodeFixAsync<MetricsNotRecordedCodeFix>(
            Method("Console.WriteLine({|MLOPS403:ml.Ranking.Evaluate(scored)|}.NormalizedDiscountedCumulativeGains[2]);", "\nusing MlopsAnalyzers.Abstractions.Tracking;"),
            Method("Console.WriteLine(ExperimentTracker.Default.RecordEvaluation(\"search-ranking_v2\", ml.Ranking.Evaluate(scored)).NormalizedDiscountedCumulativeGains[2]);", "\nusing MlopsAnalyzers.Abstractions.Tracking;"),
            editorConfig: "root = true\n\n[*]\nmlops.MLOPS403.experiment_name = search ranking_v2\n",
            referenceAbstractions: true);

    [Fact]
    public Task FixInATopLevelProgramNamesTheExperimentAfterTheAssembly()
        => Verify<MetricsNotRecordedAnalyzer>.CodeFixAsync<MetricsNotRecordedCodeFix>("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var scored = ml.Data.LoadFromTextFile<Row>("scored.csv");
            {|MLOPS403:ml.AnomalyDetection.Evaluate(scored)|};

            public class Row { public float Label; public float Score; public bool PredictedLabel; }
            """, """
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions.Tracking;

            var ml = new MLContext(seed: 0);
            var scored = ml.Data.LoadFromTextFile<Row>("scored.csv");
            ExperimentTracker.Default.RecordEvaluation("TestProject", ml.AnomalyDetection.Evaluate(scored));

            public class Row { public float Label; public float Score; public bool PredictedLabel; }
            """, program: true, referenceAbstractions: true);

    [Fact]
    public Task NoFixWithoutTheRuntimeLibrary()
    {
        var source = Method("Console.WriteLine({|MLOPS403:ml.Regression.Evaluate(scored)|}.RSquared);");
        return Verify<MetricsNotRecordedAnalyzer>.CodeFixAsync<MetricsNotRecordedCodeFix>(source, source);
    }

    [Fact]
    public Task NoFixWhenAnotherExperimentTrackerIsInScope()
    {
        var source = Method("Console.WriteLine({|MLOPS403:ml.Regression.Evaluate(scored)|}.RSquared);")
            + "\npublic class ExperimentTracker { }\n";
        return Verify<MetricsNotRecordedAnalyzer>.CodeFixAsync<MetricsNotRecordedCodeFix>(source, source, referenceAbstractions: true);
    }

    [Theory]
    [InlineData("Price Model!", "Price-Model-")]
    [InlineData("../escape", "escape")]
    [InlineData("CON", "CON-experiment")]
    [InlineData("---", "experiment")]
    [InlineData("Prévisions.v2", "Prévisions.v2")]
    public void ExperimentNamesAreMadeValid(string text, string expected)
        => Assert.Equal(expected, MetricsNotRecordedCodeFix.ToExperimentName(text));
}
