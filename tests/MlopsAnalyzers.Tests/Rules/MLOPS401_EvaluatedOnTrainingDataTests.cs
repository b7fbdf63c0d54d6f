using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS401_EvaluatedOnTrainingDataTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class Experiment
        {
            private readonly IDataView _trainingData;
            private IDataView _mutableData;

            public Experiment(IDataView data) { _trainingData = data; _mutableData = data; }

            public object Run(MLContext ml, IDataView data, IDataView other, IEstimator<ITransformer> pipeline, bool flag)
            {
                {{body}}
            }
        }

        public class House { [LoadColumn(0)] public float Size; [LoadColumn(1)] public float Price; }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Regression.Evaluate")]
    [InlineData("ml.BinaryClassification.Evaluate")]
    [InlineData("ml.BinaryClassification.EvaluateNonCalibrated")]
    [InlineData("ml.MulticlassClassification.Evaluate")]
    [InlineData("ml.Ranking.Evaluate")]
    [InlineData("ml.AnomalyDetection.Evaluate")]
    public Task EveryCatalogsEvaluate(string evaluate)
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method($$"""
            var model = pipeline.Fit(data);
            return {|MLOPS401:{{evaluate}}(model.Transform(data))|};
            """));

    [Fact]
    public Task ThroughLocals()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var trainingData = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            ITransformer model = pipeline.Fit(trainingData);
            var predictions = model.Transform(trainingData);
            var metrics = {|MLOPS401:ml.Regression.Evaluate(predictions, labelColumnName: "Price")|};
            return metrics;
            """));

    [Fact]
    public Task SplitTrainSetIntoBoth()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
            var train = split.TrainSet;
            var model = pipeline.Fit(train);
            var a = {|MLOPS401:ml.Regression.Evaluate(model.Transform(split.TrainSet))|};
            var b = {|MLOPS401:ml.Regression.Evaluate(data: model.Transform(train), labelColumnName: "Price")|};
            return (a, b);
            """));

    [Fact]
    public Task SimpleReassignmentBeforeTheFit()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            IDataView current = other;
            current = ml.Data.FilterRowsByColumn(data, "Price", lowerBound: 1);
            var model = pipeline.Fit(current);
            return {|MLOPS401:ml.Regression.Evaluate(model.Transform(current))|};
            """));

    [Fact]
    public Task TheModelLocalReassigned_TheLastFitCounts()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var model = pipeline.Fit(data);
            var onOther = ml.Regression.Evaluate(model.Transform(other));
            model = pipeline.Fit(other);
            var onItsOwn = {|MLOPS401:ml.Regression.Evaluate(model.Transform(other))|};
            return (onOther, onItsOwn);
            """));

    [Fact]
    public Task ReadOnlyFieldAndParameterReassignedAfterTheEvaluation()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var model = pipeline.Fit(_trainingData);
            var metrics = {|MLOPS401:ml.Regression.Evaluate(model.Transform(_trainingData))|};
            var second = pipeline.Fit(data);
            var more = {|MLOPS401:ml.Regression.Evaluate(second.Transform(data))|};
            data = other;
            return (metrics, more);
            """));

    [Fact]
    public Task InALoopBody()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            foreach (var fraction in new[] { 0.1, 0.2 })
            {
                var sample = ml.Data.TakeRows(data, (long)(fraction * 100));
                var model = pipeline.Fit(sample);
                System.Console.WriteLine({|MLOPS401:ml.Regression.Evaluate(model.Transform(sample))|}.RSquared);
            }

            return null;
            """));

    [Fact]
    public Task TopLevelProgram()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var model = ml.Regression.Trainers.Sdca(labelColumnName: "Price", featureColumnName: "Size").Fit(data);
            var metrics = {|MLOPS401:ml.Regression.Evaluate(model.Transform(data), "Price")|};
            System.Console.WriteLine(metrics.RSquared);

            public class House { public float Size; public float Price; }
            """);

    [Fact]
    public Task MessageNamesTheData()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(
            Method("""
                var model = pipeline.Fit(data);
                return ml.Regression.Evaluate(model.Transform(data));
                """),
            new DiagnosticResult("MLOPS401", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithSpan(14, 8, 14, 53)
                .WithArguments("Evaluate", "data"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("var split = ml.Data.TrainTestSplit(data, seed: 1); var model = pipeline.Fit(split.TrainSet); return ml.Regression.Evaluate(model.Transform(split.TestSet));")]
    [InlineData("var holdOut = ml.Data.LoadFromTextFile<House>(\"test.csv\"); var model = pipeline.Fit(data); return ml.Regression.Evaluate(model.Transform(holdOut));")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.Evaluate(model.Transform(other));")]
    [InlineData("var a = ml.Data.LoadFromTextFile<House>(\"h.csv\"); var b = ml.Data.LoadFromTextFile<House>(\"h.csv\"); return ml.Regression.Evaluate(pipeline.Fit(a).Transform(b));")]
    [InlineData("var model = ml.Model.Load(\"model.zip\", out _); return ml.Regression.Evaluate(model.Transform(data));")]
    [InlineData("var model = pipeline.Fit(_mutableData); return ml.Regression.Evaluate(model.Transform(_mutableData));")]
    public Task CompliantEvaluations(string body)
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method(body));

    [Theory]
    [InlineData("var model = pipeline.Fit(data); data = other; return ml.Regression.Evaluate(model.Transform(data));")]
    [InlineData("var d = data; var model = pipeline.Fit(d); if (flag) { d = other; } return ml.Regression.Evaluate(model.Transform(d));")]
    [InlineData("var d = data; var model = pipeline.Fit(d); if (flag) d = other; return ml.Regression.Evaluate(model.Transform(d));")]
    [InlineData("var d = data; var model = pipeline.Fit(d); Swap(ref d, other); return ml.Regression.Evaluate(model.Transform(d));")]
    [InlineData("var d = data; var model = pipeline.Fit(d); System.Action a = () => d = other; a(); return ml.Regression.Evaluate(model.Transform(d));")]
    [InlineData("var d = data; object m = null; for (var i = 0; i < 2; i++) { m = ml.Regression.Evaluate(pipeline.Fit(d).Transform(d)); d = other; } return m;")]
    [InlineData("var d = data; var model = pipeline.Fit(d); again: var m = ml.Regression.Evaluate(model.Transform(d)); if (flag) { d = other; flag = false; goto again; } return m;")]
    [InlineData("var model = pipeline.Fit(data); var d = flag ? data : other; return ml.Regression.Evaluate(model.Transform(d));")]
    [InlineData("var model = pipeline.Fit(data); model = pipeline.Fit(other); return ml.Regression.Evaluate(model.Transform(data));")]
    [InlineData("var model = pipeline.Fit(data); if (flag) { model = pipeline.Fit(other); } return ml.Regression.Evaluate(model.Transform(data));")]
    public Task DataThatMayHaveChanged_StaysSilent(string body)
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method(body).Replace("public object Run(", "private static void Swap(ref IDataView d, IDataView o) => d = o;\n    public object Run("));

    [Fact]
    public Task TheSameModelAlsoEvaluatedOnTestData_IsADeliberateComparison()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var split = ml.Data.TrainTestSplit(data, seed: 1);
            var model = pipeline.Fit(split.TrainSet);
            var train = ml.Regression.Evaluate(model.Transform(split.TrainSet));
            var test = ml.Regression.Evaluate(model.Transform(split.TestSet));
            return (train.RSquared, test.RSquared);
            """));

    [Fact]
    public Task ClusteringMetricsDescribeTheClusteredData()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var model = ml.Clustering.Trainers.KMeans(numberOfClusters: 3).Fit(data);
            return ml.Clustering.Evaluate(model.Transform(data), featureColumnName: "Features");
            """));

    [Fact]
    public Task CrossValidatedInTheSameMethod()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync(Method("""
            var folds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1);
            var final = pipeline.Fit(data);
            return (folds, ml.Regression.Evaluate(final.Transform(data)));
            """));

    [Fact]
    public Task AnotherTypesEvaluateFitAndTransform()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync("""
            public class Model { public object Transform(object data) => data; }
            public class Pipeline { public Model Fit(object data) => new Model(); }
            public class Catalog { public object Evaluate(object data) => data; }

            public class Experiment
            {
                public object Run(Pipeline pipeline, Catalog catalog, object data)
                {
                    var model = pipeline.Fit(data);
                    return catalog.Evaluate(model.Transform(data));
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.WithoutMlNetAsync("""
            public class Model { public object Transform(object data) => data; }
            public class Pipeline { public Model Fit(object data) => new Model(); }
            public class Regression { public object Evaluate(object data) => data; }
            public class MLContext { public Regression Regression { get; } = new Regression(); }
            public class Job { public object Run(MLContext ml, Pipeline p, object d) => ml.Regression.Evaluate(p.Fit(d).Transform(d)); }
            """);

    [Theory]
    [InlineData("var model = pipeline.Fit(); return ml.Regression.Evaluate(model.Transform(data));")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.Evaluate(model.Transform());")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.Evaluate();")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.Evaluate(model.Transform(data, data));")]
    [InlineData("var model = pipeline.Fit(data, ); return ml.Regression.Evaluate(model.);")]
    [InlineData("var model = pipeline.Fit(undeclared); return ml.Regression.Evaluate(model.Transform(undeclared));")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.PermutationFeatureImportance(model, );")]
    [InlineData("var model = pipeline.Fit(data); return ml.Regression.PermutationFeatureImportance(model.LastTransformer, data);")]
    [InlineData("var model = pipeline.Fit(); return ml.Regression.PermutationFeatureImportance(model, data);")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<EvaluatedOnTrainingDataAnalyzer>.IncompleteCodeAsync(Method(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixEvaluatesOnTheTestSetOfTheSplit()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.CodeFixAsync<EvaluatedOnTrainingDataCodeFix>(Method("""
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
            var model = pipeline.Fit(split.TrainSet);
            var metrics = {|MLOPS401:ml.Regression.Evaluate(model.Transform(split.TrainSet /* rows */), "Price")|};
            return metrics;
            """), Method("""
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
            var model = pipeline.Fit(split.TrainSet);
            var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet /* rows */), "Price");
            return metrics;
            """));

    [Fact]
    public Task FixThroughALocalOfTheTrainSet()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.CodeFixAsync<EvaluatedOnTrainingDataCodeFix>(Method("""
            var parts = ml.Data.TrainTestSplit(data, seed: 1);
            var train = parts.TrainSet;
            var model = pipeline.Fit(train);
            var predictions = model.Transform(train);
            return {|MLOPS401:ml.Regression.Evaluate(predictions)|};
            """), Method("""
            var parts = ml.Data.TrainTestSplit(data, seed: 1);
            var train = parts.TrainSet;
            var model = pipeline.Fit(train);
            var predictions = model.Transform(parts.TestSet);
            return ml.Regression.Evaluate(predictions);
            """));

    [Fact]
    public Task FixFitsOnTheTrainSetWhenTheSplitWasIgnored_FixAllMergesTheSharedFit()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.CodeFixAsync<EvaluatedOnTrainingDataCodeFix>(Method("""
            var split = ml.Data.TrainTestSplit(data, seed: 1);
            var model = pipeline.Fit(data);
            var r2 = {|MLOPS401:ml.Regression.Evaluate(model.Transform(data))|}.RSquared;
            var rmse = {|MLOPS401:ml.Regression.Evaluate(model.Transform(data))|}.RootMeanSquaredError;
            return (r2, rmse);
            """), Method("""
            var split = ml.Data.TrainTestSplit(data, seed: 1);
            var model = pipeline.Fit(split.TrainSet);
            var r2 = ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared;
            var rmse = ml.Regression.Evaluate(model.Transform(split.TestSet)).RootMeanSquaredError;
            return (r2, rmse);
            """));

    [Theory]
    [InlineData("var model = pipeline.Fit(data);")]
    [InlineData("var model = pipeline.Fit(data); var split = ml.Data.TrainTestSplit(data, seed: 1);")]
    [InlineData("var a = ml.Data.TrainTestSplit(data, seed: 1); var b = ml.Data.TrainTestSplit(data, seed: 2); var model = pipeline.Fit(data);")]
    [InlineData("var split = ml.Data.TrainTestSplit(data, seed: 1); split = ml.Data.TrainTestSplit(other); var model = pipeline.Fit(data);")]
    [InlineData("var split = ml.Data.TrainTestSplit(other, seed: 1); var model = pipeline.Fit(data);")]
    [InlineData("if (flag) { var split = ml.Data.TrainTestSplit(data, seed: 1); } var model = pipeline.Fit(data);")]
    public Task NoFixWithoutOneSplitOfTheSameDataBeforeTheFit(string statements)
    {
        var source = Method(statements + " return {|MLOPS401:ml.Regression.Evaluate(model.Transform(data))|};");
        return Verify<EvaluatedOnTrainingDataAnalyzer>.CodeFixAsync<EvaluatedOnTrainingDataCodeFix>(source, source);
    }

    // ---------------------------------------------------------------- permutation feature importance

    // PermutationFeatureImportance's signatures use System.Collections.Immutable 9 (ML.NET 5): the compilation gets it.
    private static Task ImportanceAsync(string body)
    {
        var test = new Verifiers.AnalyzerTest<EvaluatedOnTrainingDataAnalyzer> { TestCode = Method(body) };
        test.TestState.AdditionalReferences.AddRange(TestReferences.CollectionsImmutableForMlNet);
        return test.RunAsync();
    }

    // The shape of ML.NET's own PFI samples: the whole pipeline fitted on the data, the predictor scored on the same rows.
    [Fact]
    public Task ImportanceOfTheLastTransformerOnTheTrainingData()
        => ImportanceAsync("""
            var sdca = ml.Transforms.Concatenate("Features", "Size").Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
            var model = sdca.Fit(data);
            var transformed = model.Transform(data);
            var linear = model.LastTransformer;
            return {|MLOPS401:ml.Regression.PermutationFeatureImportance(linear, transformed, labelColumnName: "Price", permutationCount: 3)|};
            """);

    [Fact]
    public Task ImportanceOfATrainerFittedOnPreparedData_AndOfTheWholeModel()
        => ImportanceAsync("""
            var prepared = pipeline.Fit(data).Transform(data);
            var linear = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(prepared);
            var a = {|MLOPS401:ml.BinaryClassification.PermutationFeatureImportance(linear, prepared)|};
            var whole = pipeline.Fit(data);
            var b = {|MLOPS401:ml.Regression.PermutationFeatureImportance(whole, data)|};
            return (a, b);
            """);

    [Fact]
    public Task ImportanceOnTheTestSet_OrWithCrossValidation_OrOfAModelFromElsewhere()
        => ImportanceAsync("""
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
            var sdca = ml.Transforms.Concatenate("Features", "Size").Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"));
            var model = sdca.Fit(split.TrainSet);
            var a = ml.Regression.PermutationFeatureImportance(model.LastTransformer, model.Transform(split.TestSet), labelColumnName: "Price");
            var b = ml.Regression.PermutationFeatureImportance(model, split.TestSet, labelColumnName: "Price");
            var loaded = ml.Model.Load("model.zip", out _);
            var c = ml.Regression.PermutationFeatureImportance(loaded, data);
            var trained = pipeline.Fit(other);
            var d = ml.Regression.PermutationFeatureImportance(trained, data);
            return (a, b, c, d);
            """);

    [Fact]
    public Task AnotherTypesPermutationFeatureImportance()
        => Verify<EvaluatedOnTrainingDataAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Explain
            {
                public static object PermutationFeatureImportance(this RegressionCatalog catalog, ITransformer model, IDataView data) => model;
            }

            public class Experiment
            {
                public object Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
                    => ml.Regression.PermutationFeatureImportance(pipeline.Fit(data), data);
            }
            """);

    [Fact]
    public Task ImportanceOnTheTrainingDataNextToCrossValidation()
        => ImportanceAsync("""
            var whole = pipeline.Fit(data);
            var cv = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1);
            return (ml.Regression.PermutationFeatureImportance(whole, data), cv);
            """);
}
