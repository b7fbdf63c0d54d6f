using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS304_ImplicitHyperparametersTests
{
    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.BinaryClassification.Trainers.LbfgsLogisticRegression()")]
    [InlineData("ml.BinaryClassification.Trainers.SdcaLogisticRegression(\"Churned\", \"Features\")")]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm(labelColumnName: \"Churned\")")]
    [InlineData("ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 20)")]
    [InlineData("ml.BinaryClassification.Trainers.SgdCalibrated(learningRate: 0.1, l2Regularization: 0f)")]
    [InlineData("ml.BinaryClassification.Trainers.LdSvm()")]
    [InlineData("ml.Regression.Trainers.Sdca(l2Regularization: 0.1f)")]
    [InlineData("ml.Regression.Trainers.OnlineGradientDescent()")]
    [InlineData("ml.Regression.Trainers.LbfgsPoissonRegression(l1Regularization: 0.5f, l2Regularization: 0.5f)")]
    [InlineData("ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: null)")]
    [InlineData("ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()")]
    [InlineData("ml.Clustering.Trainers.KMeans(\"Features\")")]
    [InlineData("ml.AnomalyDetection.Trainers.RandomizedPca(seed: 1)")]
    [InlineData("Microsoft.ML.StandardTrainersCatalog.LinearSvm(ml.BinaryClassification.Trainers)")]
    public Task TrainerWithAHyperparameterLeftAtItsDefault(string call)
        => Verify<ImplicitHyperparametersAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Experiment
            {
                public object Create(MLContext ml) => {|MLOPS304:{{call}}|};
            }
            """);

    [Fact]
    public Task TrainersInAPipelineAndAMetaTrainer()
        => Verify<ImplicitHyperparametersAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                public ITransformer Train(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append({|MLOPS304:ml.Regression.Trainers.Sdca()|});
                    var multiclass = {|MLOPS304:ml.MulticlassClassification.Trainers.OneVersusAll(
                        {|MLOPS304:ml.BinaryClassification.Trainers.LinearSvm()|})|};
                    return pipeline.Fit(data);
                }
            }
            """);

    [Fact]
    public Task MessageNamesTheTrainerAndItsImplicitHyperparameters()
        => Verify<ImplicitHyperparametersAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Create(MLContext ml) => ml.AnomalyDetection.Trainers.RandomizedPca(rank: 10);
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS304")
                .WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(5, 43, 5, 95)
                .WithArguments("RandomizedPca", "oversampling, ensureZeroMean"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Clustering.Trainers.KMeans(numberOfClusters: 3)")]
    [InlineData("ml.Clustering.Trainers.KMeans(\"Features\", null, 5)")]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 1)")]
    [InlineData("ml.Regression.Trainers.Sdca(l2Regularization: null, l1Regularization: null, maximumNumberOfIterations: 100)")]
    [InlineData("ml.AnomalyDetection.Trainers.RandomizedPca(rank: 20, oversampling: 20, ensureZeroMean: true)")]
    [InlineData("ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 1, l2Regularization: 1, optimizationTolerance: 1e-7f, historySize: 20, enforceNonNegativity: false)")]
    [InlineData("ml.MulticlassClassification.Trainers.NaiveBayes()")]
    [InlineData("ml.BinaryClassification.Trainers.Prior()")]
    [InlineData("ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new[] { \"A\", \"B\" })")]
    [InlineData("ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options())")]
    [InlineData("ml.Regression.Trainers.LbfgsPoissonRegression(new Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer.Options { L2Regularization = 0.1f })")]
    [InlineData("ml.Clustering.Trainers.KMeans(new Microsoft.ML.Trainers.KMeansTrainer.Options { NumberOfClusters = 4 })")]
    [InlineData("ml.BinaryClassification.Calibrators.Platt()")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Features\")")]
    [InlineData("ml.Transforms.ProjectToPrincipalComponents(\"Pca\", \"Features\")")]
    [InlineData("ml.Transforms.Text.FeaturizeText(\"Features\", \"Text\")")]
    [InlineData("ml.Data.TrainTestSplit(data)")]
    [InlineData("ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 5))")]
    public Task SetHyperparametersOptionsObjectsAndOtherCalls(string call)
        => Verify<ImplicitHyperparametersAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Experiment
            {
                public object Create(MLContext ml, IDataView data) => {{call}};
            }
            """);

    [Fact]
    public Task UserExtensionsOnTrainerCatalogsAndLookAlikes()
        => Verify<ImplicitHyperparametersAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public static class MyTrainers
            {
                // A project's own factory with its own defaults: not ML.NET's, and it sets every hyperparameter it calls with.
                public static LinearSvmTrainer TunedSvm(this BinaryClassificationCatalog.BinaryClassificationTrainers trainers, int iterations = 50)
                    => trainers.LinearSvm(numberOfIterations: iterations);
            }

            public class Trainers
            {
                public object LinearSvm(int numberOfIterations = 1) => numberOfIterations;
            }

            public class Experiment
            {
                public object Create(MLContext ml) => (ml.BinaryClassification.Trainers.TunedSvm(), new Trainers().LinearSvm());
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<ImplicitHyperparametersAnalyzer>.WithoutMlNetAsync("""
            public class TrainerCatalog { public object KMeans(string featureColumnName = "Features", int numberOfClusters = 5) => numberOfClusters; }
            public class MLContext { public TrainerCatalog Trainers { get; } = new TrainerCatalog(); }
            public class Job { public object Run() => new MLContext().Trainers.KMeans(); }
            """);

    [Theory]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm(")]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: )")]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm(labelColumnName: undefined)")]
    [InlineData("ml.Clustering.Trainers.KMeans(numberOfClusters: \"five\")")]
    [InlineData("ml.Clustering.Trainers.KMeans(\"Features\", null, 5, 6)")]
    [InlineData("ml.BinaryClassification.Trainers.")]
    [InlineData("ml.BinaryClassification.Trainers.Unknown()")]
    [InlineData("{|MLOPS304:ml.Clustering.Trainers.KMeans()|};")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ImplicitHyperparametersAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public void Run(MLContext ml)
                {
                    var trainer = {{body}}
                }
            }
            """);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixWritesTheDefaultsAsNamedArguments_FixAll()
        => Verify<ImplicitHyperparametersAnalyzer>.CodeFixAsync<ImplicitHyperparametersCodeFix>("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Create(MLContext ml)
                {
                    var logistic = {|MLOPS304:ml.BinaryClassification.Trainers.LbfgsLogisticRegression()|};
                    var sdca = {|MLOPS304:ml.Regression.Trainers.Sdca(labelColumnName: "Price" /* dollars */)|}; // regression
                    var kmeans = {|MLOPS304:ml.Clustering.Trainers.KMeans(
                        "Features",
                        exampleWeightColumnName: null)|};
                    var sgd = {|MLOPS304:ml.BinaryClassification.Trainers.SgdCalibrated(learningRate: 0.05)|};
                    var online = {|MLOPS304:ml.Regression.Trainers.OnlineGradientDescent()|};
                    var pca = {|MLOPS304:ml.AnomalyDetection.Trainers.RandomizedPca(seed: 3)|};
                    var ova = {|MLOPS304:ml.MulticlassClassification.Trainers.OneVersusAll({|MLOPS304:ml.BinaryClassification.Trainers.LinearSvm()|})|};
                    return (logistic, sdca, kmeans, sgd, online, pca, ova);
                }
            }
            """, """
            using Microsoft.ML;

            public class Experiment
            {
                public object Create(MLContext ml)
                {
                    var logistic = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 1F, l2Regularization: 1F, optimizationTolerance: 1E-07F, historySize: 20, enforceNonNegativity: false);
                    var sdca = ml.Regression.Trainers.Sdca(labelColumnName: "Price", l2Regularization: null, l1Regularization: null, maximumNumberOfIterations: null /* dollars */); // regression
                    var kmeans = ml.Clustering.Trainers.KMeans(
                        "Features",
                        exampleWeightColumnName: null,
                        numberOfClusters: 5);
                    var sgd = ml.BinaryClassification.Trainers.SgdCalibrated(learningRate: 0.05, numberOfIterations: 20, l2Regularization: 1E-06F);
                    var online = ml.Regression.Trainers.OnlineGradientDescent(learningRate: 0.1F, decreaseLearningRate: true, l2Regularization: 0F, numberOfIterations: 1);
                    var pca = ml.AnomalyDetection.Trainers.RandomizedPca(seed: 3, rank: 20, oversampling: 20, ensureZeroMean: true);
                    var ova = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 1), imputeMissingLabelsAsNegative: false, maximumCalibrationExampleCount: 1000000000, useProbabilities: true);
                    return (logistic, sdca, kmeans, sgd, online, pca, ova);
                }
            }
            """);
}
