using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS402_PreprocessingFittedBeforeSplitTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;

        public class Experiment
        {
            public object Run(MLContext ml, IDataView data, IDataView history, IEstimator<ITransformer> prep, IEstimator<ITransformer> trainer, ITransformer loaded)
            {
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1)")]
    [InlineData("ml.Data.CrossValidationSplit(prepared, numberOfFolds: 5, seed: 1)")]
    [InlineData("ml.Regression.CrossValidate(prepared, trainer, numberOfFolds: 5, seed: 1)")]
    [InlineData("ml.BinaryClassification.CrossValidateNonCalibrated(prepared, trainer, seed: 1)")]
    [InlineData("ml.MulticlassClassification.CrossValidate(data: prepared, estimator: trainer, seed: 1)")]
    public Task SplitOrCrossValidationOfPreprocessedFullData(string split)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var prepModel = prep.Fit(data);
            var prepared = prepModel.Transform(data);
            return {|MLOPS402:{{split}}|};
            """));

    [Fact]
    public Task AChainBuiltInTheMethodThatLearnsSomething()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method("""
            var normalize = ml.Transforms.Concatenate("Features", "Size", "Rooms")
                .Append(ml.Transforms.NormalizeMeanVariance("Features"));
            ITransformer fitted = normalize.Fit(data);
            return {|MLOPS402:ml.Data.TrainTestSplit(fitted.Transform(data), seed: 1)|};
            """));

    [Fact]
    public Task InATopLevelProgram()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var encoded = ml.Transforms.Categorical.OneHotEncoding("City").Fit(data).Transform(data);
            var split = {|MLOPS402:ml.Data.TrainTestSplit(encoded, seed: 1)|};

            public class House { public float Size; public string City = ""; }
            """);

    [Fact]
    public Task MessageNamesTheSplit()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(
            Method("return ml.Data.TrainTestSplit(prep.Fit(data).Transform(data), seed: 1);"),
            new DiagnosticResult("MLOPS402", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(7, 16, 7, 79)
                .WithSpan(7, 39, 7, 53)
                .WithArguments("TrainTestSplit"));

    [Theory]
    [InlineData("ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(\"Features\", slotsInOutput: 10)")]
    [InlineData("ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(\"Features\", count: 5)")]
    [InlineData("ml.Transforms.Concatenate(\"Features\", \"Size\", \"Rooms\").Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(\"Features\"))")]
    public Task FeatureSelectionFittedOnAllTheDataThenAppliedToTheTestSet(string selection)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var selector = {{selection}};
            var selected = selector.Fit(data);
            var split = {|MLOPS402:ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1)|};
            var model = trainer.Fit(selected.Transform(split.TrainSet));
            return model.Transform(selected.Transform(split.TestSet));
            """));

    [Fact]
    public Task FeatureSelectionInline()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method("""
            var selected = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Features").Fit(data);
            return selected.Transform({|MLOPS402:ml.Data.TrainTestSplit(data, seed: 1)|}.TestSet);
            """));

    [Theory]
    [InlineData("ml.Data.TrainTestSplit(selected, seed: 1)")]
    [InlineData("ml.BinaryClassification.CrossValidate(selected, trainer, numberOfFolds: 5, seed: 1)")]
    [InlineData("ml.Regression.CrossValidate(selected, trainer, seed: 1)")]
    public Task FeatureSelectionTransformedBeforeTheSplitOrCrossValidation(string split)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var selector = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Features");
            var selected = selector.Fit(data).Transform(data);
            return {|MLOPS402:{{split}}|};
            """));

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task SplitFirstThenFitTheWholePipelineOnTheTrainingPart()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method("""
            var split = ml.Data.TrainTestSplit(data, seed: 1);
            var model = prep.Append(trainer).Fit(split.TrainSet);
            var cv = ml.Regression.CrossValidate(data, prep.Append(trainer), seed: 1);
            return (model.Transform(split.TestSet), cv);
            """));

    [Fact]
    public Task FeatureSelectionAfterTheSplitOrInsideTheCrossValidatedEstimator()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method("""
            var selector = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Features");
            var split = ml.Data.TrainTestSplit(data, seed: 1);
            var selected = selector.Fit(split.TrainSet);
            var model = trainer.Fit(selected.Transform(split.TrainSet));
            var scored = model.Transform(selected.Transform(split.TestSet));
            var cv = ml.BinaryClassification.CrossValidate(data, selector.Append(trainer), numberOfFolds: 5, seed: 1);
            var cvRaw = ml.Regression.CrossValidate(data, ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Features").Append(trainer), seed: 1);
            return (scored, cv, cvRaw);
            """));

    [Theory]
    // Fitted on other data than the split.
    [InlineData("var s = sel.Fit(history); var split = ml.Data.TrainTestSplit(data, seed: 1); return s.Transform(split.TestSet);")]
    // Only the training part is transformed by the selection fitted on all data: nothing is scored on the test rows here.
    [InlineData("var s = sel.Fit(data); var split = ml.Data.TrainTestSplit(data, seed: 1); return s.Transform(split.TrainSet);")]
    // A chain that learns no feature selection (normalizer fitted on all data, applied to the test set) is not this form.
    [InlineData("var s = ml.Transforms.NormalizeMinMax(\"Features\").Fit(data); var split = ml.Data.TrainTestSplit(data, seed: 1); return s.Transform(split.TestSet);")]
    // A selection estimator from elsewhere: its chain is not visible.
    [InlineData("var s = prep.Fit(data); var split = ml.Data.TrainTestSplit(data, seed: 1); return s.Transform(split.TestSet);")]
    public Task FeatureSelectionLookAlikes(string body)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method("var sel = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(\"Features\"); " + body));

    [Theory]
    [InlineData("var m = prep.Fit(history); return ml.Data.TrainTestSplit(m.Transform(data), seed: 1);")]
    [InlineData("return ml.Data.TrainTestSplit(loaded.Transform(data), seed: 1);")]
    [InlineData("var m = ml.Model.Load(\"prep.zip\", out _); return ml.Data.TrainTestSplit(m.Transform(data), seed: 1);")]
    [InlineData("var m = prep.Fit(data); var d = data; d = history; return ml.Data.TrainTestSplit(m.Transform(d), seed: 1);")]
    public Task PreprocessingFittedOnOtherData(string body)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method(body));

    [Theory]
    [InlineData("ml.Transforms.Concatenate(\"Features\", \"Size\", \"Rooms\")")]
    [InlineData("ml.Transforms.CopyColumns(\"A\", \"B\").Append(ml.Transforms.DropColumns(\"B\")).Append(ml.Transforms.Conversion.ConvertType(\"A\"))")]
    [InlineData("ml.Transforms.Text.NormalizeText(\"T\").Append(ml.Transforms.Text.TokenizeIntoWords(\"W\", \"T\"))")]
    public Task ChainsThatLearnNothing(string chain)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var prepared = {{chain}}.Fit(data).Transform(data);
            return ml.Data.TrainTestSplit(prepared, seed: 1);
            """));

    // ML.NET's API samples key the label on the whole data before splitting: the key values are the set of labels, no
    // statistic of the features.
    [Theory]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(\"Label\")")]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(\"Label\", \"Area\")")]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(inputColumnName: \"Area\", outputColumnName: \"Label\")")]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(\"Label\").Append(ml.Transforms.Concatenate(\"Features\", \"Size\")).Append(ml.Transforms.Conversion.MapKeyToValue(\"Area\", \"Label\"))")]
    public Task TheLabelKeyedOnTheFullData(string chain)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var prepared = {{chain}}.Fit(data).Transform(data);
            return ml.Data.TrainTestSplit(prepared, seed: 1);
            """));

    [Theory]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(\"CityKey\", \"City\")")]
    [InlineData("ml.Transforms.Conversion.MapValueToKey(\"Label\").Append(ml.Transforms.NormalizeMinMax(\"Features\"))")]
    public Task AKeyMappingOfAFeatureOrALabelMappingWithAFeatureStatistic(string chain)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync(Method($$"""
            var prepared = {{chain}}.Fit(data).Transform(data);
            return {|MLOPS402:ml.Data.TrainTestSplit(prepared, seed: 1)|};
            """));

    // Microsoft.ML.ImageAnalytics is not referenced by the tests: a stub of LoadRawImageBytes in an assembly of that name.
    [Fact]
    public Task LoadingRawImageBytesLearnsNothing()
    {
        var test = new Verifiers.AnalyzerTest<PreprocessingFittedBeforeSplitAnalyzer>
        {
            TestCode = Method("""
                var images = ml.Transforms.LoadRawImageBytes("ImageBytes", "images", "ImagePath")
                    .Append(ml.Transforms.Conversion.MapValueToKey("Label"));
                var prepared = images.Fit(data).Transform(data);
                return ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);
                """),
        };
        var stub = test.TestState.AdditionalProjects["Microsoft.ML.ImageAnalytics"];
        stub.Sources.Add("""
            namespace Microsoft.ML
            {
                public static class ImageEstimatorsCatalog
                {
                    public static IEstimator<ITransformer> LoadRawImageBytes(this TransformsCatalog catalog, string outputColumnName, string imageFolder, string inputColumnName = null) => null;
                }
            }
            """);
        stub.AdditionalReferences.AddRange(TestReferences.Net80);
        stub.AdditionalReferences.AddRange(TestReferences.MlNet);
        test.TestState.AdditionalProjectReferences.Add("Microsoft.ML.ImageAnalytics");
        return test.RunAsync();
    }

    [Fact]
    public Task AnotherTypesSplit()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Splitter { public object TrainTestSplit(IDataView data) => data; }

            public class Experiment
            {
                public object Run(Splitter splitter, IDataView data, IEstimator<ITransformer> prep)
                    => splitter.TrainTestSplit(prep.Fit(data).Transform(data));
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.WithoutMlNetAsync("""
            public class Model { public object Transform(object data) => data; }
            public class Prep { public Model Fit(object data) => new Model(); }
            public class DataCatalog { public object TrainTestSplit(object data) => data; }
            public class Job { public object Run(DataCatalog c, Prep p, object d) => c.TrainTestSplit(p.Fit(d).Transform(d)); }
            """);

    [Theory]
    [InlineData("return ml.Data.TrainTestSplit(prep.Fit().Transform(data));")]
    [InlineData("return ml.Data.TrainTestSplit(prep.Fit(data).Transform());")]
    [InlineData("return ml.Data.TrainTestSplit();")]
    [InlineData("return ml.Regression.CrossValidate(prep.Fit(data).Transform(data), );")]
    [InlineData("var s = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(\"F\").Fit(data); return s.Transform(ml.Data.TrainTestSplit(data).);")]
    [InlineData("var s = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(\"F\").Fit(); return s.Transform(ml.Data.TrainTestSplit(data).TestSet);")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<PreprocessingFittedBeforeSplitAnalyzer>.IncompleteCodeAsync(Method(body));
}
