using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS404_SamplingKeyMisuseTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Trainers.FastTree;

        public class Experiment
        {
            private const string Label = "IsFraud";

            public object Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline, string key)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """ + Stubs.FastTreeRanking;

    // ---------------------------------------------------------------- flagged: the label as key

    [Theory]
    [InlineData("ml.BinaryClassification.CrossValidate(data, pipeline, {|MLOPS404:samplingKeyColumnName: \"Label\"|})")]
    [InlineData("ml.BinaryClassification.CrossValidate(data, pipeline, 5, \"IsFraud\", {|MLOPS404:\"IsFraud\"|})")]
    [InlineData("ml.MulticlassClassification.CrossValidate(data, pipeline, labelColumnName: Label, {|MLOPS404:samplingKeyColumnName: Label|})")]
    [InlineData("ml.BinaryClassification.CrossValidateNonCalibrated(data, pipeline, labelColumnName: \"Churned\", {|MLOPS404:samplingKeyColumnName: \"Churned\"|})")]
    public Task CrossValidateKeyedByItsOwnLabel(string call)
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method($"return {call};"));

    [Fact]
    public Task SplitKeyedByTheLabelOfTheTrainerInTheMethod()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method("""
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, {|MLOPS404:samplingKeyColumnName: Label|}, seed: 1);
            var folds = ml.Data.CrossValidationSplit(data, 5, {|MLOPS404:"IsFraud"|});
            var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: Label);
            return (split, folds, trainer);
            """));

    [Fact]
    public Task SplitKeyedByTheDefaultLabel()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method("""
            var split = ml.Data.TrainTestSplit(data, {|MLOPS404:samplingKeyColumnName: "Label"|});
            return pipeline.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
            """));

    [Fact]
    public Task LabelFromTheTrainersOptions()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method("""
            var options = new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { LabelColumnName = "Price" };
            var trainer = ml.Regression.Trainers.Sdca(options);
            return ml.Data.TrainTestSplit(data, {|MLOPS404:samplingKeyColumnName: "Price"|});
            """));

    // ---------------------------------------------------------------- flagged: ranking without its group id

    [Theory]
    [InlineData("{|MLOPS404:ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1)|}")]
    [InlineData("ml.Data.TrainTestSplit(data, {|MLOPS404:samplingKeyColumnName: null|})")]
    [InlineData("ml.Data.TrainTestSplit(data, {|MLOPS404:samplingKeyColumnName: \"DocumentId\"|})")]
    [InlineData("{|MLOPS404:ml.Data.CrossValidationSplit(data, numberOfFolds: 3)|}")]
    public Task RankingDataSplitWithoutItsGroupId(string split)
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method($$"""
            var parts = {{split}};
            var trainer = ml.Ranking.Trainers.FastTree(labelColumnName: "Relevance", rowGroupColumnName: "QueryId");
            return (parts, trainer);
            """));

    [Fact]
    public Task RankingWithTheDefaultGroupIdAndOptions()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method("""
            var a = ml.Ranking.Trainers.FastTree();
            var b = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options { NumberOfTrees = 10 });
            return ({|MLOPS404:ml.Data.TrainTestSplit(data)|}, a, b);
            """));

    [Fact]
    public Task MessageSaysWhatToUse()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(
            Method("""
                var trainer = ml.Ranking.Trainers.FastTree(rowGroupColumnName: "QueryId");
                return ml.Data.TrainTestSplit(data);
                """),
            new DiagnosticResult("MLOPS404", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithSpan(11, 16, 11, 44)
                .WithArguments("TrainTestSplit", "is missing, not the group id column 'QueryId' of the ranking trainer: the documents of one query land in both train and test; use samplingKeyColumnName: \"QueryId\""));

    // No trainer in sight: the key is the label column of the row class the data is loaded from.
    private static string Loaded(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class Review
        {
            [LoadColumn(0), ColumnName("Label")] public bool Sentiment;
            [LoadColumn(1)] public string Text;
            [LoadColumn(2)] public string UserId;
        }

        public class House
        {
            public float Size;
            public float Label;
            public string District;
        }

        public class Splits
        {
            public object Run(MLContext ml, string path)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task SplitKeyedByTheRowClassLabelWithNoTrainerInSight()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Loaded("""
                var reviews = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
                var byColumn = ml.Data.TrainTestSplit(reviews, testFraction: 0.2, {|MLOPS404:samplingKeyColumnName: "Label"|});
                var byMember = ml.Data.CrossValidationSplit(reviews, 5, {|MLOPS404:nameof(Review.Sentiment)|});
                var houses = ml.Data.LoadFromEnumerable(new[] { new House { Size = 1, Label = 2 } });
                var featurized = ml.Transforms.Concatenate("Features", "Size").Fit(houses).Transform(houses);
                var byName = ml.Data.TrainTestSplit(featurized, {|MLOPS404:samplingKeyColumnName: "Label"|}, seed: 1);
                return (byColumn, byMember, byName);
                """));

    [Fact]
    public Task RowClassKeysThatAreNotTheLabel()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Loaded("""
                var reviews = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
                var byUser = ml.Data.TrainTestSplit(reviews, samplingKeyColumnName: nameof(Review.UserId));
                var houses = ml.Data.LoadFromEnumerable(new[] { new House { Size = 1, Label = 2 } });
                var byDistrict = ml.Data.TrainTestSplit(houses, samplingKeyColumnName: "District");
                var trained = ml.Data.TrainTestSplit(houses, samplingKeyColumnName: "Label");
                var model = ml.Regression.Trainers.Sdca(labelColumnName: "Size").Fit(trained.TrainSet);
                return (byUser, byDistrict, model);
                """));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.BinaryClassification.CrossValidate(data, pipeline, samplingKeyColumnName: \"CustomerId\")")]
    [InlineData("ml.BinaryClassification.CrossValidate(data, pipeline, labelColumnName: \"IsFraud\", samplingKeyColumnName: \"Label\")")]
    [InlineData("ml.BinaryClassification.CrossValidate(data, pipeline, samplingKeyColumnName: key)")]
    [InlineData("ml.Data.TrainTestSplit(data, samplingKeyColumnName: \"Label\")")]
    [InlineData("ml.Data.TrainTestSplit(data, samplingKeyColumnName: \"CustomerId\").TrainSet")]
    [InlineData("ml.Ranking.CrossValidate(data, pipeline, rowGroupColumnName: \"QueryId\")")]
    public Task CompliantKeys(string call)
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method($"return {call};"));

    [Theory]
    [InlineData("var s = ml.Data.TrainTestSplit(data, samplingKeyColumnName: \"QueryId\"); var t = ml.Ranking.Trainers.FastTree(rowGroupColumnName: \"QueryId\");")]
    [InlineData("var s = ml.Data.TrainTestSplit(data, samplingKeyColumnName: \"GroupId\"); var t = ml.Ranking.Trainers.FastTree();")]
    [InlineData("var s = ml.Data.TrainTestSplit(data, samplingKeyColumnName: key); var t = ml.Ranking.Trainers.FastTree();")]
    [InlineData("var s = ml.Data.TrainTestSplit(data); var t = ml.Ranking.Trainers.FastTree(rowGroupColumnName: key);")]
    [InlineData("var s = ml.Data.TrainTestSplit(data); var t = ml.Ranking.Trainers.FastTree(rowGroupColumnName: \"A\"); var u = ml.Ranking.Trainers.FastTree(rowGroupColumnName: \"B\");")]
    [InlineData("var s = ml.Data.TrainTestSplit(data); var t = ml.Ranking.Trainers.FastTree(); var u = ml.Regression.Trainers.Sdca(labelColumnName: \"Price\");")]
    [InlineData("var s = ml.Data.TrainTestSplit(data); var t = ml.Regression.Trainers.Sdca();")]
    public Task RankingSplitsDoneRightOrAmbiguous(string statements)
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync(Method(statements + "\nreturn null;"));

    [Fact]
    public Task AnotherTypesSplit()
        => Verify<SamplingKeyMisuseAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Splitter { public object TrainTestSplit(IDataView data, string samplingKeyColumnName = null) => data; }

            public class Experiment
            {
                public object Run(MLContext ml, Splitter splitter, IDataView data)
                {
                    var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression();
                    return splitter.TrainTestSplit(data, samplingKeyColumnName: "Label");
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<SamplingKeyMisuseAnalyzer>.WithoutMlNetAsync("""
            public class DataCatalog { public object TrainTestSplit(object data, string samplingKeyColumnName = null) => data; }
            public class MLContext { public DataCatalog Data { get; } = new DataCatalog(); }
            public class Job { public object Run(MLContext ml) => ml.Data.TrainTestSplit(null, samplingKeyColumnName: "Label"); }
            """);

    [Theory]
    [InlineData("return ml.Data.TrainTestSplit(data, samplingKeyColumnName: );")]
    [InlineData("return ml.Data.TrainTestSplit(samplingKeyColumnName: \"Label\");")]
    [InlineData("var t = ml.Ranking.Trainers.FastTree(rowGroupColumnName: ); return ml.Data.TrainTestSplit(data);")]
    [InlineData("var t = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options { RowGroupColumnName = }); return ml.Data.TrainTestSplit(data);")]
    [InlineData("return ml.BinaryClassification.CrossValidate(data, pipeline, labelColumnName: \"A\", {|MLOPS404:samplingKeyColumnName: \"A\"|}")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<SamplingKeyMisuseAnalyzer>.IncompleteCodeAsync(Method(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixSplitsByTheGroupIdColumn_FixAll()
        => Verify<SamplingKeyMisuseAnalyzer>.CodeFixAsync<SamplingKeyMisuseCodeFix>(Method("""
            var trainer = ml.Ranking.Trainers.FastTree(labelColumnName: "Relevance", rowGroupColumnName: "QueryId");
            var a = {|MLOPS404:ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1)|};
            var b = ml.Data.TrainTestSplit(data, 0.2, {|MLOPS404:"Relevance"|});
            var c = ml.Data.CrossValidationSplit(
                data,
                numberOfFolds: 3,
                {|MLOPS404:samplingKeyColumnName: null|} /* TODO */);
            return (a, b, c, trainer);
            """), Method("""
            var trainer = ml.Ranking.Trainers.FastTree(labelColumnName: "Relevance", rowGroupColumnName: "QueryId");
            var a = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1, samplingKeyColumnName: "QueryId");
            var b = ml.Data.TrainTestSplit(data, 0.2, "QueryId");
            var c = ml.Data.CrossValidationSplit(
                data,
                numberOfFolds: 3,
                samplingKeyColumnName: "QueryId" /* TODO */);
            return (a, b, c, trainer);
            """));

    [Fact]
    public Task NoFixForALabelKeyOutsideRankingCode()
    {
        var source = Method("return ml.BinaryClassification.CrossValidate(data, pipeline, {|MLOPS404:samplingKeyColumnName: \"Label\"|});");
        return Verify<SamplingKeyMisuseAnalyzer>.CodeFixAsync<SamplingKeyMisuseCodeFix>(source, source);
    }
}
