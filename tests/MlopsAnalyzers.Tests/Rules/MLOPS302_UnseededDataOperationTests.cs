using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS302_UnseededDataOperationTests
{
    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Data.TrainTestSplit(data, testFraction: 0.2)")]
    [InlineData("ml.Data.TrainTestSplit(data, 0.2, seed: null)")]
    [InlineData("ml.Data.CrossValidationSplit(data, numberOfFolds: 5)")]
    [InlineData("ml.Data.ShuffleRows(data)")]
    [InlineData("ml.Data.BootstrapSample(data, complement: true)")]
    [InlineData("ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.SdcaLogisticRegression())")]
    [InlineData("ml.BinaryClassification.CrossValidateNonCalibrated(data, ml.BinaryClassification.Trainers.LinearSvm())")]
    [InlineData("ml.Regression.CrossValidate(data, ml.Regression.Trainers.Sdca(), numberOfFolds: 3, seed: default)")]
    [InlineData("ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())")]
    [InlineData("ml.Clustering.CrossValidate(data, ml.Clustering.Trainers.KMeans())")]
    [InlineData("ml.Ranking.CrossValidate(data, ml.Transforms.NormalizeMinMax(\"Features\"))")]
    [InlineData("ml.Data.TrainTestSplit(data, samplingKeyColumnName: null)")]
    public Task RandomizedOperationOnAnUnseededLocal(string call)
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return {|MLOPS302:{{call}}|};
                }
            }
            """);

    [Fact]
    public Task PrivateFieldAndPropertyContexts()
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                private readonly MLContext _ml = new MLContext();
                private MLContext Other { get; } = new();

                public object Split(IDataView data) => {|MLOPS302:_ml.Data.TrainTestSplit(data)|};

                public object Shuffle(IDataView data) => {|MLOPS302:Other.Data.ShuffleRows(data)|};
            }
            """);

    [Fact]
    public Task MessageNamesTheOperation()
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data) => new MLContext().Data.ShuffleRows(data);
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS302")
                .WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(5, 42, 5, 80)
                .WithArguments("ShuffleRows"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Data.TrainTestSplit(data, 0.2, null, 42)")]
    [InlineData("ml.Data.TrainTestSplit(data, seed: 42)")]
    [InlineData("ml.Data.ShuffleRows(data, 7)")]
    [InlineData("ml.Data.BootstrapSample(data, seed: seed)")]
    [InlineData("ml.Data.TakeRows(data, 100)")]
    [InlineData("ml.Data.FilterRowsByColumn(data, \"Size\", lowerBound: 1)")]
    [InlineData("ml.Data.Cache(data)")]
    [InlineData("ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: \"GroupId\")")]
    [InlineData("ml.Data.CrossValidationSplit(data, 5, \"GroupId\")")]
    [InlineData("ml.Regression.CrossValidate(data, ml.Regression.Trainers.Sdca(), samplingKeyColumnName: \"GroupId\")")]
    public Task SeededOrNotRandomized(string call)
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data, int seed)
                {
                    var ml = new MLContext();
                    return {{call}};
                }
            }
            """);

    [Fact]
    public Task SeededContextMakesTheOperationDeterministic()
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public object Run(IDataView data)
                {
                    var ml = new MLContext(seed: 0);
                    return (ml.Data.TrainTestSplit(data), _ml.Data.ShuffleRows(data));
                }
            }
            """);

    [Fact]
    public Task ContextOfUnknownOrigin()
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Experiment
            {
                public MLContext Shared = new MLContext();
                public MLContext Settable { get; set; } = new MLContext();
                private MLContext _assignedLater = new MLContext();

                public void Configure(MLContext context) => _assignedLater = context;

                public object FromParameter(MLContext ml, IDataView data) => ml.Data.TrainTestSplit(data);

                public object FromPublicField(IDataView data) => Shared.Data.TrainTestSplit(data);

                public object FromSettableProperty(IDataView data) => Settable.Data.TrainTestSplit(data);

                public object FromReassignedField(IDataView data) => _assignedLater.Data.TrainTestSplit(data);

                public object FromFactory(IDataView data)
                {
                    var ml = Create();
                    return ml.Data.TrainTestSplit(data);
                }

                public object FromEitherSeededOrNot(IDataView data, bool reproducible)
                {
                    var ml = new MLContext();
                    if (reproducible)
                    {
                        ml = new MLContext(seed: 1);
                    }

                    return ml.Data.TrainTestSplit(data);
                }

                private static MLContext Create() => new MLContext(seed: 5);
            }
            """);

    [Fact]
    public Task UserMethodsNamedLikeMlNetOnes()
        => Verify<UnseededDataOperationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class MyDataExtensions
            {
                public static IDataView ShuffleRows(this DataOperationsCatalog catalog, IDataView data, int? seed = null, bool verbose = false) => data;
            }

            public class Splitter
            {
                public object TrainTestSplit(IDataView data, int? seed = null) => data;

                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return (TrainTestSplit(data), ml.Data.ShuffleRows(data, verbose: true));
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<UnseededDataOperationAnalyzer>.WithoutMlNetAsync("""
            public class MLContext { public Data Data { get; } = new Data(); }
            public class Data { public object TrainTestSplit(object d, int? seed = null) => d; }
            public class Job { public object Run() => new MLContext().Data.TrainTestSplit(1); }
            """);

    [Theory]
    [InlineData("var ml = new MLContext(); ml.Data.TrainTestSplit(")]
    [InlineData("var ml = new MLContext(); ml.Data.TrainTestSplit(data, seed: ")]
    [InlineData("var ml = new MLContext(); {|MLOPS302:ml.Data.ShuffleRows(data)|}")]
    [InlineData("var ml = new MLContext(); ml.Data.CrossValidationSplit(data, 5, null, null, null)")]
    [InlineData("var ml = new MLContext(); ml.Data.")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<UnseededDataOperationAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public void Run(IDataView data)
                {
                    {{body}}
                }
            }
            """);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixAppendsANamedSeed_FixAll()
        => Verify<UnseededDataOperationAnalyzer>.CodeFixAsync<UnseededDataOperationCodeFix>("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    var split = {|MLOPS302:ml.Data.TrainTestSplit(data, testFraction: 0.2 /* 80/20 */)|};
                    var folds = {|MLOPS302:ml.Data.CrossValidationSplit(
                        data,
                        numberOfFolds: 5)|};
                    var shuffled = {|MLOPS302:ml.Data.ShuffleRows(data)|}; // before training
                    var sample = {|MLOPS302:ml.Data.BootstrapSample(data, seed: null)|};
                    return (split, folds, shuffled, sample);
                }
            }
            """, """
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0 /* 80/20 */);
                    var folds = ml.Data.CrossValidationSplit(
                        data,
                        numberOfFolds: 5,
                        seed: 0);
                    var shuffled = ml.Data.ShuffleRows(data, seed: 0); // before training
                    var sample = ml.Data.BootstrapSample(data, seed: 0);
                    return (split, folds, shuffled, sample);
                }
            }
            """);

    [Fact]
    public Task FixReplacesAPositionalNull()
        => Verify<UnseededDataOperationAnalyzer>.CodeFixAsync<UnseededDataOperationCodeFix>("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return {|MLOPS302:ml.Data.ShuffleRows(data, null, 500)|};
                }
            }
            """, """
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return ml.Data.ShuffleRows(data, 0, 500);
                }
            }
            """);

    [Fact]
    public Task FixUsesTheConfiguredSeed()
        => Verify<UnseededDataOperationAnalyzer>.CodeFixAsync<UnseededDataOperationCodeFix>("""
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return {|MLOPS302:ml.Regression.CrossValidate(data, ml.Regression.Trainers.Sdca())|};
                }
            }
            """, """
            using Microsoft.ML;

            public class Experiment
            {
                public object Run(IDataView data)
                {
                    var ml = new MLContext();
                    return ml.Regression.CrossValidate(data, ml.Regression.Trainers.Sdca(), seed: -3);
                }
            }
            """,
            editorConfig: "root = true\n\n[*.cs]\nmlops.MLOPS302.seed_value = -3\n");
}
