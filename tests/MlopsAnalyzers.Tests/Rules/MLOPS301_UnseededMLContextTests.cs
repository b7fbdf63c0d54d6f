using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS301_UnseededMLContextTests
{
    private const string Types = """

        public class House { public float Size; public float Price; }
        public class PricePrediction { public float Score; }
        """;

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task LocalContextThatBuildsATrainer()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PriceModel
            {
                public ITransformer Train(IDataView data)
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    var pipeline = ml.Transforms.Concatenate("Features", "Size")
                        .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
                    return pipeline.Fit(data);
                }
            }
            """ + Types);

    [Fact]
    public Task MessageNamesWhatTheContextIsUsedFor()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PriceModel
            {
                public void Split(IDataView data)
                {
                    var ml = new MLContext();
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                }
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS301")
                .WithSpan(7, 18, 7, 33)
                .WithArguments("call 'TrainTestSplit'"));

    [Theory]
    [InlineData("new MLContext()")]
    [InlineData("new MLContext(seed: null)")]
    [InlineData("new MLContext(null)")]
    [InlineData("new MLContext(default)")]
    [InlineData("new MLContext { FallbackToCpu = true }")]
    public Task EveryUnseededForm(string creation)
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class PriceModel
            {
                public ITransformer Train(IDataView data)
                {
                    var ml = {|MLOPS301:{{creation}}|};
                    return ml.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Fact]
    public Task TargetTypedNew()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PriceModel
            {
                public ITransformer Train(IDataView data)
                {
                    MLContext ml = {|MLOPS301:new()|};
                    return ml.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Theory]
    [InlineData("ml.Data.TrainTestSplit(data)")]
    [InlineData("ml.Data.CrossValidationSplit(data, numberOfFolds: 3)")]
    [InlineData("ml.Data.ShuffleRows(data)")]
    [InlineData("ml.Data.BootstrapSample(data)")]
    [InlineData("ml.Regression.CrossValidate(data, ml.Transforms.NormalizeMinMax(\"Size\"))")]
    [InlineData("ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options())")]
    [InlineData("ml.Clustering.Trainers.KMeans(numberOfClusters: 3)")]
    [InlineData("ml.Data.TrainTestSplit(data, samplingKeyColumnName: null)")]
    [InlineData("ml.Data.ShuffleRows(data, seed: null)")]
    [InlineData("ml.Transforms.ApproximatedKernelMap(\"Features\")")]
    public Task EveryTrainingUse(string use)
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    return {{use}};
                }
            }
            """);

    [Fact]
    public Task FieldInitializerUsedToTrainInAnotherMethod()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PriceModel
            {
                private readonly MLContext _ml = {|MLOPS301:new MLContext()|};

                public ITransformer Train(IDataView data) => _ml.Regression.Trainers.Sdca().Fit(data);

                public ITransformer Load(string path) => _ml.Model.Load(path, out _);
            }
            """);

    [Fact]
    public Task FieldAssignedInConstructorAndPartialClass()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public partial class PriceModel
            {
                private readonly MLContext _ml;

                public PriceModel() => _ml = {|MLOPS301:new MLContext()|};
            }

            public partial class PriceModel
            {
                public object Split(IDataView data) => _ml.Data.TrainTestSplit(data);
            }
            """);

    [Fact]
    public Task AutoPropertyInitializer()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PriceModel
            {
                public MLContext Context { get; } = {|MLOPS301:new MLContext()|};

                public ITransformer Train(IDataView data) => Context.Regression.Trainers.Sdca().Fit(data);
            }
            """);

    [Fact]
    public Task ContextPassedToATrainingMethodOfTheSameType()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Program
            {
                public static void Main()
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
                    var model = Train(ml, data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                }

                private static ITransformer Train(MLContext context, IDataView data)
                    => BuildPipeline(context).Fit(data);

                private static IEstimator<ITransformer> BuildPipeline(MLContext context)
                    => context.Regression.Trainers.Sdca(labelColumnName: "Price", featureColumnName: "Size");
            }
            """ + Types);

    [Fact]
    public Task NestedTypesAreReportedOnce()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Outer
            {
                private readonly MLContext _serving = new MLContext();

                public ITransformer Load() => _serving.Model.Load("model.zip", out _);

                public class Inner
                {
                    private readonly MLContext _training = {|MLOPS301:new MLContext()|};

                    public ITransformer Train(IDataView data) => _training.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Fact]
    public Task ContextUsedInPlace()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Splitter
            {
                public object Split(IDataView data) => {|MLOPS301:new MLContext()|}.Data.TrainTestSplit(data);
            }
            """);

    [Fact]
    public Task ContextCapturedByALambda()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class PriceModel
            {
                public Task<ITransformer> TrainAsync(IDataView data)
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    return Task.Run(() => (ITransformer)ml.Regression.Trainers.Sdca().Fit(data));
                }
            }
            """);

    [Fact]
    public Task TopLevelStatements()
        => Verify<UnseededMLContextAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = {|MLOPS301:new MLContext()|};
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var model = ml.Regression.Trainers.Sdca(labelColumnName: "Price", featureColumnName: "Size").Fit(data);
            ml.Model.Save(model, data.Schema, "model.zip");
            """ + Types);

    [Fact]
    public Task AutoMLExperiment()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;
            using Microsoft.ML.AutoML;

            public class Search
            {
                public object Run()
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    return ml.Auto().CreateRegressionExperiment(maxExperimentTimeInSeconds: 60);
                }
            }
            """ + Stubs.AutoML);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task InferenceOnlyCode()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext();
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor(string modelPath)
                {
                    var model = _ml.Model.Load(modelPath, out var schema);
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model, schema);
                }

                public float Predict(House house) => _engine.Predict(house).Score;

                public IDataView Score(IDataView batch) => _ml.Model.Load("model.zip", out _).Transform(batch);
            }
            """ + Types);

    [Fact]
    public Task FittingOnlyDeterministicTransforms()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Featurizer
            {
                public ITransformer Fit(IDataView data)
                {
                    var ml = new MLContext();
                    return ml.Transforms.NormalizeMinMax("Size")
                        .Append(ml.Transforms.Categorical.OneHotEncoding("City"))
                        .Fit(data);
                }
            }
            """);

    // ML.NET's API samples: the only randomized use passes a seed of its own, or splits by a key column (hashed with a
    // fixed seed), or is a trainer that draws no random numbers with its default options.
    [Theory]
    [InlineData("ml.Data.BootstrapSample(data, seed: 1)")]
    [InlineData("ml.Data.ShuffleRows(data, seed: 123)")]
    [InlineData("ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0)")]
    [InlineData("ml.Data.CrossValidationSplit(data, 5, null, 1)")]
    [InlineData("ml.Transforms.ApproximatedKernelMap(\"Features\", rank: 4, seed: 1).Fit(data)")]
    [InlineData("ml.Data.TrainTestSplit(data, samplingKeyColumnName: \"GroupId\")")]
    [InlineData("ml.Data.CrossValidationSplit(data, numberOfFolds: 3, samplingKeyColumnName: \"GroupId\")")]
    [InlineData("ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(data)")]
    [InlineData("ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(\"Label\", \"Features\").Fit(data)")]
    [InlineData("ml.Regression.Trainers.LbfgsPoissonRegression(l2Regularization: 0.1f)")]
    [InlineData("ml.MulticlassClassification.Trainers.NaiveBayes()")]
    [InlineData("ml.BinaryClassification.Trainers.Prior()")]
    public Task EveryRandomizedUseSeededOrNoneDrawn(string use)
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Sample
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    var transformed = ml.Transforms.NormalizeMinMax("Features").Fit(data).Transform(data);
                    return {{use}};
                }
            }
            """);

    [Fact]
    public Task OneSeededCallDoesNotExcuseAnUnseededOne()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Sample
            {
                public object Run(IDataView data)
                {
                    var ml = {|MLOPS301:new MLContext()|};
                    var sample = ml.Data.BootstrapSample(data, seed: 1);
                    return ml.BinaryClassification.Trainers.LbfgsLogisticRegression()
                        .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
                        .Fit(sample);
                }
            }
            """);

    [Theory]
    [InlineData("new MLContext(seed: 1)")]
    [InlineData("new MLContext(42)")]
    [InlineData("new MLContext(seed)")]
    [InlineData("new MLContext(seed: Settings.Seed)")]
    [InlineData("new MLContext(seed: 0) { FallbackToCpu = true }")]
    public Task SeededContexts(string creation)
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public static class Settings { public static int? Seed => 7; }

            public class PriceModel
            {
                public ITransformer Train(IDataView data, int seed)
                {
                    var ml = {{creation}};
                    var split = ml.Data.TrainTestSplit(data);
                    return ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
                }
            }
            """);

    [Fact]
    public Task TrainingWithASeededContextWhileAnotherOnlyLoads()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Retrainer
            {
                public ITransformer Retrain(IDataView data)
                {
                    var serving = new MLContext();
                    var current = serving.Model.Load("model.zip", out _);

                    var training = new MLContext(seed: 11);
                    return training.Regression.Trainers.Sdca().Fit(current.Transform(data));
                }
            }
            """);

    [Fact]
    public Task ContextPassedToAnotherTypeIsNotFollowed()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Trainer
            {
                public static ITransformer Train(MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca().Fit(data);
            }

            public class Program
            {
                public ITransformer Run(IDataView data) => Trainer.Train(new MLContext(seed: 3), data);

                public ITransformer RunUnseeded(IDataView data)
                {
                    // Another type trains with it: not followed, to stay precise.
                    var ml = new MLContext();
                    return Trainer.Train(ml, data);
                }
            }
            """);

    [Fact]
    public Task OwnTypesThatLookLikeMLNet()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            namespace MyCompany.Learning
            {
                public class MLContext
                {
                    public Catalog Data { get; } = new Catalog();
                }

                public class Catalog
                {
                    public object TrainTestSplit(IDataView data, int? seed = null) => data;
                }

                public class Job
                {
                    public object Run(IDataView data) => new MLContext().Data.TrainTestSplit(data);
                }
            }
            """);

    [Fact]
    public Task UserExtensionNamedLikeATrainingCallOnTheRealContext()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class MyExtensions
            {
                public static IDataView TrainTestSplit(this DataOperationsCatalog catalog, IDataView data, int? seed = null, bool log = true) => data;
            }

            public class Job
            {
                public IDataView Run(IDataView data)
                {
                    var ml = new MLContext();
                    return MyExtensions.TrainTestSplit(ml.Data, data, log: false);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<UnseededMLContextAnalyzer>.WithoutMlNetAsync("""
            public class MLContext { public Trainers Trainers { get; } = new Trainers(); }
            public class Trainers { public object Sdca() => new object(); }
            public class Job
            {
                public object Run() => new MLContext().Trainers.Sdca();
            }
            """);

    [Fact]
    public Task GeneratedCodeIsSkipped()
        => Verify<UnseededMLContextAnalyzer>.AnalyzerAsync("""
            // <auto-generated />
            using Microsoft.ML;

            public class GeneratedTrainer
            {
                public ITransformer Train(IDataView data) => new MLContext().Regression.Trainers.Sdca().Fit(data);
            }
            """);

    [Theory]
    [InlineData("var ml = new MLContext(")]
    [InlineData("var ml = new MLContext(); ml.Regression.Trainers.")]
    [InlineData("var ml = {|MLOPS301:new MLContext()|}; ml.Regression.Trainers.Sdca(")]
    [InlineData("var ml = new MLContext(seed: ); ml.Data.TrainTestSplit(data")]
    [InlineData("MLContext ml = new(; ml.Data.TrainTestSplit(")]
    [InlineData("var ml = new MLContext(); Train(ml, ")]
    [InlineData("var ml = {|MLOPS301:new MLContext()|}; ml.Data.TrainTestSplit(data, seed: null")]
    [InlineData("var ml = new MLContext(); ml.Data.TrainTestSplit(data, seed: null, seed: null)")]
    [InlineData("var ml = new MLContext(1, 2); ml.Data.TrainTestSplit(data)")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<UnseededMLContextAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public void Train(IDataView data)
                {
                    {{body}}
                }

                private void Train(MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca().Fit(data);
            }
            """);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixAddsSeedKeepingTrivia()
        => Verify<UnseededMLContextAnalyzer>.CodeFixAsync<UnseededMLContextCodeFix>("""
            using Microsoft.ML;

            public class PriceModel
            {
                public ITransformer Train(IDataView data)
                {
                    // One context for the whole experiment.
                    var ml = /* shared */ {|MLOPS301:new MLContext()|} /* context */; // trailing
                    var other = {|MLOPS301:new MLContext( )|};
                    ml.Data.ShuffleRows(data);
                    return other.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """, """
            using Microsoft.ML;

            public class PriceModel
            {
                public ITransformer Train(IDataView data)
                {
                    // One context for the whole experiment.
                    var ml = /* shared */ new MLContext(seed: 0) /* context */; // trailing
                    var other = new MLContext(seed: 0);
                    ml.Data.ShuffleRows(data);
                    return other.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """);

    [Fact]
    public Task FixReplacesAnExplicitNullAndHandlesEveryForm_FixAll()
        => Verify<UnseededMLContextAnalyzer>.CodeFixAsync<UnseededMLContextCodeFix>("""
            using Microsoft.ML;

            public class Experiments
            {
                private readonly MLContext _a = {|MLOPS301:new MLContext(seed: null)|};
                private readonly MLContext _b = {|MLOPS301:new()|};
                private readonly MLContext _c = {|MLOPS301:new MLContext(null /* no seed yet */)|};
                private readonly MLContext _d = {|MLOPS301:new MLContext { FallbackToCpu = true }|};

                public object Run(IDataView data) => new object[]
                {
                    _a.Data.TrainTestSplit(data),
                    _b.Data.ShuffleRows(data),
                    _c.Regression.Trainers.Sdca(),
                    _d.Data.BootstrapSample(data),
                };
            }
            """, """
            using Microsoft.ML;

            public class Experiments
            {
                private readonly MLContext _a = new MLContext(seed: 0);
                private readonly MLContext _b = new(seed: 0);
                private readonly MLContext _c = new MLContext(0 /* no seed yet */);
                private readonly MLContext _d = new MLContext(seed: 0) { FallbackToCpu = true };

                public object Run(IDataView data) => new object[]
                {
                    _a.Data.TrainTestSplit(data),
                    _b.Data.ShuffleRows(data),
                    _c.Regression.Trainers.Sdca(),
                    _d.Data.BootstrapSample(data),
                };
            }
            """);

    [Fact]
    public Task FixUsesTheConfiguredSeed()
        => Verify<UnseededMLContextAnalyzer>.CodeFixAsync<UnseededMLContextCodeFix>("""
            using Microsoft.ML;

            var ml = {|MLOPS301:new MLContext()|};
            var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(new[] { new House() }));
            """ + Types, """
            using Microsoft.ML;

            var ml = new MLContext(seed: 2024);
            var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(new[] { new House() }));
            """ + Types,
            editorConfig: "root = true\n\n[*.cs]\nmlops.MLOPS301.seed_value = 2024\n",
            program: true);

    [Fact]
    public Task FixAllAcrossDocuments()
    {
        var test = new CodeFixTest<UnseededMLContextAnalyzer, UnseededMLContextCodeFix>();
        test.TestState.Sources.Add(("/Train.cs", """
            using Microsoft.ML;
            public class Train { public object Run(IDataView d) => {|MLOPS301:new MLContext()|}.Data.TrainTestSplit(d); }
            """));
        test.TestState.Sources.Add(("/Tune.cs", """
            using Microsoft.ML;
            public class Tune { public object Run(IDataView d) => {|MLOPS301:new MLContext()|}.Regression.Trainers.Sdca().Fit(d); }
            """));
        test.FixedState.Sources.Add(("/Train.cs", """
            using Microsoft.ML;
            public class Train { public object Run(IDataView d) => new MLContext(seed: 0).Data.TrainTestSplit(d); }
            """));
        test.FixedState.Sources.Add(("/Tune.cs", """
            using Microsoft.ML;
            public class Tune { public object Run(IDataView d) => new MLContext(seed: 0).Regression.Trainers.Sdca().Fit(d); }
            """));
        return test.RunAsync();
    }
}
