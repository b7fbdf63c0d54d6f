using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS305_SeededContextNondeterministicThreadsTests
{
    private static string Type(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Trainers;

        public class Trainer
        {
            private readonly MLContext _seeded = new MLContext(seed: 1);
            private readonly MLContext _unseeded = new MLContext();

            {{body.Replace("\n", "\n    ")}}
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("var ml = new MLContext(seed: 1); return ml.Regression.Trainers.{|MLOPS305:Sdca|}();")]
    [InlineData("var ml = new MLContext(0); return ml.BinaryClassification.Trainers.{|MLOPS305:SdcaLogisticRegression|}(labelColumnName: \"Churned\");")]
    [InlineData("return _seeded.MulticlassClassification.Trainers.{|MLOPS305:SdcaMaximumEntropy|}();")]
    [InlineData("return _seeded.BinaryClassification.Trainers.{|MLOPS305:SgdCalibrated|}();")]
    [InlineData("return _seeded.Clustering.Trainers.{|MLOPS305:KMeans|}(numberOfClusters: 3);")]
    [InlineData("return _seeded.Regression.Trainers.{|MLOPS305:Sdca|}(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10 });")]
    [InlineData("var options = new SdcaRegressionTrainer.Options(); return _seeded.Regression.Trainers.{|MLOPS305:Sdca|}(options);")]
    public Task SeededContextsTrainingOnSeveralThreads(string body)
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.AnalyzerAsync(Type($"public object Run() {{ {body} }}"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("return _unseeded.Regression.Trainers.Sdca();")]
    [InlineData("var ml = new MLContext(seed: null); return ml.Regression.Trainers.Sdca();")]
    [InlineData("return new MLContext().Regression.Trainers.Sdca();")]
    [InlineData("return _seeded.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });")]
    [InlineData("return _seeded.Clustering.Trainers.KMeans(new Microsoft.ML.Trainers.KMeansTrainer.Options { NumberOfThreads = 1, NumberOfClusters = 3 });")]
    [InlineData("var options = new SdcaRegressionTrainer.Options(); options.NumberOfThreads = 1; return _seeded.Regression.Trainers.Sdca(options);")]
    [InlineData("return _seeded.Regression.Trainers.LbfgsPoissonRegression();")]
    [InlineData("return _seeded.BinaryClassification.Trainers.LbfgsLogisticRegression();")]
    public Task UnseededSingleThreadedOrOtherTrainers(string body)
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.AnalyzerAsync(Type($"public object Run() {{ {body} }}"));

    [Fact]
    public Task ContextFromAParameter()
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.AnalyzerAsync(Type("public object Run(MLContext ml) => ml.Regression.Trainers.Sdca();"));

    [Fact]
    public Task NoMlNetReference()
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.WithoutMlNetAsync("""
            public class Trainers { public object Sdca() => null; }
            public class Job { public object Run(Trainers t) => t.Sdca(); }
            """);

    [Theory]
    [InlineData("public object Run() { return _seeded.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = }); }")]
    [InlineData("public object Run() { return _seeded.Regression.Trainers.{|MLOPS305:Sdca|}(; }")]
    [InlineData("public object Run() { var ml = new MLContext(seed: ); return ml.Regression.Trainers.Sdca(); }")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.IncompleteCodeAsync(Type(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixTrainsOnOneThread_FixAll()
        => Verify<SeededContextNondeterministicThreadsAnalyzer>.CodeFixAsync<SeededContextNondeterministicThreadsCodeFix>(Type("""
            public object Run()
            {
                var a = _seeded.Regression.Trainers.{|MLOPS305:Sdca|}();
                var b = _seeded.BinaryClassification.Trainers.{|MLOPS305:SdcaLogisticRegression|}(labelColumnName: "Churned", maximumNumberOfIterations: 20);
                var c = _seeded.Regression.Trainers.{|MLOPS305:Sdca|}(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10 });
                var d = _seeded.Clustering.Trainers.{|MLOPS305:KMeans|}("Features", numberOfClusters: 3);
                return (a, b, c, d);
            }
            """), Type("""
            public object Run()
            {
                var a = _seeded.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
                var b = _seeded.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { LabelColumnName = "Churned", MaximumNumberOfIterations = 20, NumberOfThreads = 1 });
                var c = _seeded.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10, NumberOfThreads = 1 });
                var d = _seeded.Clustering.Trainers.KMeans(new KMeansTrainer.Options { FeatureColumnName = "Features", NumberOfClusters = 3, NumberOfThreads = 1 });
                return (a, b, c, d);
            }
            """));
}
