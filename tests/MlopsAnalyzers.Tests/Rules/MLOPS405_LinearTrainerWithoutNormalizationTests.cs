using Microsoft.ML;
using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS405_LinearTrainerWithoutNormalizationTests
{
    private static string Trainer(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;

        public class Trainer
        {
            public object Build(MLContext ml, IEstimator<ITransformer> features)
            {
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Regression.Trainers.Sdca()")]
    [InlineData("ml.Regression.Trainers.OnlineGradientDescent()")]
    [InlineData("ml.Regression.Trainers.LbfgsPoissonRegression()")]
    [InlineData("ml.BinaryClassification.Trainers.SdcaLogisticRegression()")]
    [InlineData("ml.BinaryClassification.Trainers.SdcaNonCalibrated()")]
    [InlineData("ml.BinaryClassification.Trainers.LbfgsLogisticRegression()")]
    [InlineData("ml.BinaryClassification.Trainers.AveragedPerceptron()")]
    [InlineData("ml.BinaryClassification.Trainers.LinearSvm()")]
    [InlineData("ml.BinaryClassification.Trainers.SgdCalibrated()")]
    [InlineData("ml.BinaryClassification.Trainers.SgdNonCalibrated()")]
    [InlineData("ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()")]
    [InlineData("ml.MulticlassClassification.Trainers.SdcaNonCalibrated()")]
    [InlineData("ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()")]
    [InlineData("ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = \"Price\" })")]
    public Task EveryLinearTrainer(string trainer)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer($$"""
            return ml.Transforms.Concatenate("Features", "Size", "Rooms")
                    .Append({|MLOPS405:{{trainer}}|});
            """));

    [Theory]
    [InlineData("ml.Clustering.Trainers.KMeans()")]
    [InlineData("ml.Clustering.Trainers.KMeans(numberOfClusters: 3)")]
    [InlineData("ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options { NumberOfClusters = 3 })")]
    [InlineData("ml.AnomalyDetection.Trainers.RandomizedPca()")]
    [InlineData("ml.AnomalyDetection.Trainers.RandomizedPca(rank: 2)")]
    [InlineData("ml.Transforms.ProjectToPrincipalComponents(\"Features\", rank: 2)")]
    [InlineData("ml.Transforms.ProjectToPrincipalComponents(\"Pca\", \"Features\")")]
    public Task DistanceAndVarianceBasedSteps(string step)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer($$"""
            return ml.Transforms.Concatenate("Features", "Size", "Rooms")
                    .Append({|MLOPS405:{{step}}|});
            """));

    [Fact]
    public Task KMeansAndPcaThroughPassThroughStepsAndLocals()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var stages = ml.Transforms.Concatenate("Features", "Size", "Rooms").AppendCacheCheckpoint(ml);
            var kmeans = ml.Clustering.Trainers.KMeans(numberOfClusters: 4);
            var clusters = stages.Append({|MLOPS405:kmeans|});
            var pca = ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2);
            var projected = stages.WithOnFitDelegate(fitted => System.Console.WriteLine(fitted)).Append({|MLOPS405:pca|});
            return (clusters, projected);
            """));

    // The chain is reported once, at the PCA: the trainer after it reads the PCA's output, and normalizing before the PCA is the fix.
    [Fact]
    public Task ATrainerAfterAnUnnormalizedPcaIsReportedAtThePca()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            return ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append({|MLOPS405:ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2)|})
                .Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3));
            """));

    // ML.NET's own run-time information (TrainerInfo.NeedNormalization) agrees with the rule's fixed list.
    [Fact]
    public void TheFixedListAgreesWithTrainerInfoNeedNormalization()
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var flagged = new (string Name, bool Need)[]
        {
            ("Sdca", ml.Regression.Trainers.Sdca().Info.NeedNormalization),
            ("OnlineGradientDescent", ml.Regression.Trainers.OnlineGradientDescent().Info.NeedNormalization),
            ("LbfgsPoissonRegression", ml.Regression.Trainers.LbfgsPoissonRegression().Info.NeedNormalization),
            ("SdcaLogisticRegression", ml.BinaryClassification.Trainers.SdcaLogisticRegression().Info.NeedNormalization),
            ("LbfgsLogisticRegression", ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Info.NeedNormalization),
            ("AveragedPerceptron", ml.BinaryClassification.Trainers.AveragedPerceptron().Info.NeedNormalization),
            ("LinearSvm", ml.BinaryClassification.Trainers.LinearSvm().Info.NeedNormalization),
            ("SgdCalibrated", ml.BinaryClassification.Trainers.SgdCalibrated().Info.NeedNormalization),
            ("SgdNonCalibrated", ml.BinaryClassification.Trainers.SgdNonCalibrated().Info.NeedNormalization),
            ("SdcaMaximumEntropy", ml.MulticlassClassification.Trainers.SdcaMaximumEntropy().Info.NeedNormalization),
            ("LbfgsMaximumEntropy", ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Info.NeedNormalization),
            ("KMeans", ml.Clustering.Trainers.KMeans().Info.NeedNormalization),
            ("RandomizedPca", ml.AnomalyDetection.Trainers.RandomizedPca().Info.NeedNormalization),
        };
        Assert.All(flagged, trainer => Assert.True(trainer.Need, trainer.Name));
        Assert.False(ml.BinaryClassification.Trainers.Prior().Info.NeedNormalization);
        Assert.False(ml.MulticlassClassification.Trainers.NaiveBayes().Info.NeedNormalization);
    }

    [Fact]
    public Task ChainBuiltThroughLocalsAndReassignment()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            IEstimator<ITransformer> pipeline = ml.Transforms.Categorical.OneHotEncoding("CityKey", "City");
            pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", "Size", "CityKey"));
            var trainer = ml.Regression.Trainers.Sdca(labelColumnName: "Price");
            return pipeline.Append({|MLOPS405:trainer|});
            """));

    [Fact]
    public Task EmptyChainAndNestedAppends()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var a = new EstimatorChain<ITransformer>().Append({|MLOPS405:ml.Regression.Trainers.OnlineGradientDescent()|});
            var b = ml.Transforms.CopyColumns("F", "Size").Append(ml.Transforms.Concatenate("Features", "F").Append(ml.Transforms.DropColumns("F")))
                .Append({|MLOPS405:ml.BinaryClassification.Trainers.LinearSvm()|});
            return (a, b);
            """));

    [Fact]
    public Task MessageNamesTheTrainer()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(
            Trainer("""return ml.Transforms.Concatenate("Features", "Size").Append(ml.Regression.Trainers.Sdca());"""),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("MLOPS405", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(9, 69, 9, 98)
                .WithArguments("Sdca"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeMeanVariance(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeLogMeanVariance(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeBinning(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeRobustScaling(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeSupervisedBinning(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeLpNorm(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeGlobalContrast(\"Features\")")]
    [InlineData("ml.Transforms.NormalizeMinMax(new[] { new InputOutputColumnPair(\"Features\") })")]
    public Task ANormalizerEarlierInTheChain(string normalizer)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer($$"""
            return ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append({{normalizer}})
                .Append(ml.Regression.Trainers.Sdca());
            """));

    [Fact]
    public Task FeaturizedTextIsAlreadyNormalized()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            return ml.Transforms.Text.FeaturizeText("Features", "Review")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
            """));

    // The GitHub-issue classification tutorial: text featurized (normalized output), then a cache checkpoint, then SDCA.
    [Fact]
    public Task ANormalizerBeforeACacheCheckpoint()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var tutorial = ml.Transforms.Conversion.MapValueToKey("Label", "Area")
                .Append(ml.Transforms.Text.FeaturizeText("TitleFeaturized", "Title"))
                .Append(ml.Transforms.Text.FeaturizeText("DescriptionFeaturized", "Description"))
                .Append(ml.Transforms.Concatenate("Features", "TitleFeaturized", "DescriptionFeaturized"))
                .AppendCacheCheckpoint(ml)
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"));
            var minMax = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .AppendCacheCheckpoint(ml);
            var twice = minMax.AppendCacheCheckpoint(ml).Append(ml.Regression.Trainers.Sdca());
            return (tutorial, twice);
            """));

    [Fact]
    public Task ANormalizerWrappedInAnOnFitDelegate()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            Microsoft.ML.Transforms.NormalizingTransformer? normalizer = null;
            var inline = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append(ml.Transforms.NormalizeMinMax("Features")
                    .WithOnFitDelegate(fitted => normalizer = fitted))
                .Append(ml.Regression.Trainers.Sdca());
            var start = ml.Transforms.NormalizeMeanVariance("Features").WithOnFitDelegate(fitted => normalizer = fitted);
            var fromLocal = start.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
            return (inline, fromLocal, normalizer);
            """));

    [Fact]
    public Task KMeansRandomizedPcaAndPcaAfterANormalizer()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var normalized = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append(ml.Transforms.NormalizeMeanVariance("Features"));
            var clusters = normalized.AppendCacheCheckpoint(ml).Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3));
            var anomalies = normalized.Append(ml.AnomalyDetection.Trainers.RandomizedPca(rank: 2));
            var pca = normalized.Append(ml.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2))
                .Append(ml.Clustering.Trainers.KMeans("Pca", numberOfClusters: 3));
            var text = ml.Transforms.Text.FeaturizeText("Features", "Review")
                .Append(ml.Transforms.ProjectToPrincipalComponents("Features", rank: 10));
            return (clusters, anomalies, pca, text);
            """));

    [Fact]
    public Task PcaOrKMeansFromElsewhereOrStartingAChain()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var fromParameter = features.Append(ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2))
                .Append(ml.Clustering.Trainers.KMeans());
            var first = ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2);
            var alone = ml.Clustering.Trainers.KMeans();
            return (fromParameter, first, alone);
            """));

    [Fact]
    public Task PassThroughEstimatorsAddNoNormalizer()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var cached = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .AppendCacheCheckpoint(ml)
                .Append({|MLOPS405:ml.Regression.Trainers.Sdca()|});
            var watched = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .WithOnFitDelegate(fitted => System.Console.WriteLine(fitted))
                .Append({|MLOPS405:ml.Regression.Trainers.OnlineGradientDescent()|});
            return (cached, watched);
            """));

    [Fact]
    public Task ANormalizerEarlierInAChainBuiltAcrossTwoMethods()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Pipelines
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly IEstimator<ITransformer> _featuresField;

                public Pipelines() => _featuresField = Features();

                public IEstimator<ITransformer> Features()
                    => _ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(_ml.Transforms.NormalizeMinMax("Features"));

                public IEstimator<ITransformer> Training()
                    => Features().Append(_ml.Regression.Trainers.Sdca());

                public IEstimator<ITransformer> FromAField()
                    => _featuresField.Append(_ml.Regression.Trainers.Sdca());

                public IEstimator<ITransformer> FromAParameter(IEstimator<ITransformer> features)
                    => features.Append(_ml.Regression.Trainers.Sdca());

                public IEstimator<ITransformer> FromALocalOfAnotherMethod()
                {
                    var features = Features();
                    return features.Append(_ml.Regression.Trainers.Sdca());
                }
            }
            """);

    [Theory]
    [InlineData("ml.Regression.Trainers.LbfgsPoissonRegression()", "if (System.DateTime.Now.Second > 1) { pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(\"Features\")); }")]
    [InlineData("ml.Regression.Trainers.Sdca()", "pipeline = Helpers.AddNormalizer(pipeline);")]
    public Task ReassignedOnlySometimesOrElsewhere_StaysSilent(string trainer, string middle)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public static class Helpers
            {
                public static IEstimator<ITransformer> AddNormalizer(IEstimator<ITransformer> chain) => chain;
            }

            public class Trainer
            {
                public object Build(MLContext ml)
                {
                    IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "Size");
                    {{middle}}
                    return pipeline.Append({{trainer}});
                }
            }
            """);

    [Theory]
    [InlineData("ml.Regression.Trainers.FastTreeLike()")]
    [InlineData("ml.BinaryClassification.Trainers.Prior()")]
    [InlineData("ml.MulticlassClassification.Trainers.NaiveBayes()")]
    public Task NonLinearTrainers(string trainer)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer($$"""
            return ml.Transforms.Concatenate("Features", "Size").Append({{trainer}});
            """).Replace("public class Trainer", """
            public static class FakeTreeExtensions
            {
                public static Microsoft.ML.Trainers.PriorTrainer FastTreeLike(this RegressionCatalog.RegressionTrainers catalog) => null;
            }

            public class Trainer
            """));

    [Fact]
    public Task ATrainerFittedAlone_OrOutsideAChain()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync(Trainer("""
            var trainer = ml.Regression.Trainers.Sdca();
            return trainer;
            """));

    [Fact]
    public Task AnotherTypesAppend()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class MyChain
            {
                public MyChain Append(object estimator) => this;
            }

            public class Trainer
            {
                public object Build(MLContext ml) => new MyChain().Append(ml.Regression.Trainers.Sdca());
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.WithoutMlNetAsync("""
            public class Chain { public Chain Append(object o) => this; }
            public class Trainers { public object Sdca() => null; }
            public class Job { public object Run(Chain c, Trainers t) => c.Append(t.Sdca()); }
            """);

    [Theory]
    [InlineData("return ml.Transforms.Concatenate(\"Features\").Append(ml.Regression.Trainers.Sdca(featureColumnName: ))")]
    [InlineData("return ml.Transforms.Concatenate(\"Features\").Append()")]
    [InlineData("return ml.Transforms.Concatenate(\"Features\").Append(ml.Regression.Trainers.);")]
    [InlineData("return .Append(ml.Regression.Trainers.Sdca());")]
    [InlineData("IEstimator<ITransformer> p; return p.Append(ml.Regression.Trainers.Sdca());")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.IncompleteCodeAsync(Trainer(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixInsertsNormalizeMinMaxOnTheFeatureColumn_FixAll()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.CodeFixAsync<LinearTrainerWithoutNormalizationCodeFix>("""
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public class Trainer
            {
                private const string Vector = "Vector";
                private readonly MLContext _ml = new MLContext(seed: 1);

                public object Build(MLContext ml)
                {
                    // Default feature column.
                    var a = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append({|MLOPS405:ml.Regression.Trainers.Sdca(labelColumnName: "Price")|}); // keep me

                    // A named feature column, written as the user wrote it.
                    var b = ml.Transforms.Concatenate(Vector, "Size").Append({|MLOPS405:ml.BinaryClassification.Trainers.AveragedPerceptron(featureColumnName: Vector)|});

                    // The trainer in a local, the context a field, the column in its options.
                    var options = new LbfgsLogisticRegressionBinaryTrainer.Options { FeatureColumnName = "X" };
                    var trainer = _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options);
                    var c = _ml.Transforms.Concatenate("X", "Size").Append({|MLOPS405:trainer|}, Microsoft.ML.Data.TransformerScope.Training);
                    return (a, b, c);
                }
            }
            """, """
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public class Trainer
            {
                private const string Vector = "Vector";
                private readonly MLContext _ml = new MLContext(seed: 1);

                public object Build(MLContext ml)
                {
                    // Default feature column.
                    var a = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price")); // keep me

                    // A named feature column, written as the user wrote it.
                    var b = ml.Transforms.Concatenate(Vector, "Size").Append(ml.Transforms.NormalizeMinMax(Vector)).Append(ml.BinaryClassification.Trainers.AveragedPerceptron(featureColumnName: Vector));

                    // The trainer in a local, the context a field, the column in its options.
                    var options = new LbfgsLogisticRegressionBinaryTrainer.Options { FeatureColumnName = "X" };
                    var trainer = _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options);
                    var c = _ml.Transforms.Concatenate("X", "Size").Append(_ml.Transforms.NormalizeMinMax("X")).Append(trainer, Microsoft.ML.Data.TransformerScope.Training);
                    return (a, b, c);
                }
            }
            """);

    [Fact]
    public Task FixOnAnInterfaceTypedChain()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.CodeFixAsync<LinearTrainerWithoutNormalizationCodeFix>("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "Size");
            pipeline = pipeline.Append({|MLOPS405:ml.Regression.Trainers.OnlineGradientDescent()|});
            """, """
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "Size");
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.Regression.Trainers.OnlineGradientDescent());
            """, program: true);

    [Fact]
    public Task FixOnKMeansRandomizedPcaAndThePcaTransform_FixAll()
        => Verify<LinearTrainerWithoutNormalizationAnalyzer>.CodeFixAsync<LinearTrainerWithoutNormalizationCodeFix>("""
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public class Trainer
            {
                public object Build(MLContext ml)
                {
                    var features = ml.Transforms.Concatenate("Features", "Size", "Rooms").AppendCacheCheckpoint(ml);
                    var clusters = features
                        .Append({|MLOPS405:ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3)|});
                    var anomalies = features.Append({|MLOPS405:ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { FeatureColumnName = "Features", Rank = 2 })|});
                    var inPlace = features.Append({|MLOPS405:ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2)|});
                    var projected = features
                        .Append({|MLOPS405:ml.Transforms.ProjectToPrincipalComponents("Pca", inputColumnName: "Features", rank: 2)|})
                        .Append(ml.Clustering.Trainers.KMeans("Pca"));
                    return (clusters, anomalies, inPlace, projected);
                }
            }
            """, """
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public class Trainer
            {
                public object Build(MLContext ml)
                {
                    var features = ml.Transforms.Concatenate("Features", "Size", "Rooms").AppendCacheCheckpoint(ml);
                    var clusters = features
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3));
                    var anomalies = features.Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { FeatureColumnName = "Features", Rank = 2 }));
                    var inPlace = features.Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2));
                    var projected = features
                        .Append(ml.Transforms.NormalizeMinMax("Features"))
                        .Append(ml.Transforms.ProjectToPrincipalComponents("Pca", inputColumnName: "Features", rank: 2))
                        .Append(ml.Clustering.Trainers.KMeans("Pca"));
                    return (clusters, anomalies, inPlace, projected);
                }
            }
            """);

    [Theory]
    [InlineData("var t = ml.Regression.Trainers.Sdca(featureColumnName: column);", "t")]
    [InlineData("var t = new MLContext(seed: 2).Regression.Trainers.Sdca();", "t")]
    [InlineData("var o = new SdcaRegressionTrainer.Options(); o.FeatureColumnName = \"F\"; var t = ml.Regression.Trainers.Sdca(o);", "t")]
    [InlineData("var t = Other().Regression.Trainers.Sdca();", "t")]
    public Task NoFixWhenTheColumnOrContextIsNotKnown(string statements, string trainer)
    {
        var source = $$"""
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public class Trainer
            {
                public object Build(MLContext ml, string column)
                {
                    {{statements}}
                    return ml.Transforms.Concatenate("Features", "Size").Append({|MLOPS405:{{trainer}}|});
                }

                private static MLContext Other() => new MLContext(seed: 3);
            }
            """;
        return Verify<LinearTrainerWithoutNormalizationAnalyzer>.CodeFixAsync<LinearTrainerWithoutNormalizationCodeFix>(source, source);
    }
}
