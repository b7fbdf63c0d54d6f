using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS204_DuplicatedPipelineTests
{
    private const string Types = """

        public class House { public float Size; public float Rooms; public string City; public float Price; }
        """;

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task SameChainInTwoMethods_EachCopyPointsAtTheOther()
    {
        var test = new Verifiers.AnalyzerTest<DuplicatedPipelineAnalyzer>
        {
            TestCode = """
                using Microsoft.ML;

                public class Trainer
                {
                    public ITransformer Train(MLContext ml, IDataView data)
                    {
                        var pipeline = {|#0:ml.Transforms.Concatenate("Features", "Size", "Rooms")
                            .Append(ml.Transforms.NormalizeMinMax("Features"))
                            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))|};
                        return pipeline.Fit(data);
                    }
                }

                public class Evaluator
                {
                    public void CrossValidate(MLContext mlContext, IDataView data)
                    {
                        var estimator = {|#1:mlContext.Transforms.Concatenate("Features", "Size", "Rooms").Append(mlContext.Transforms.NormalizeMinMax("Features")).Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Price"))|};
                        mlContext.Regression.CrossValidate(data, estimator, labelColumnName: "Price");
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("MLOPS204", DiagnosticSeverity.Info).WithLocation(0).WithLocation(1).WithArguments(3, "'Evaluator.CrossValidate'"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("MLOPS204", DiagnosticSeverity.Info).WithLocation(1).WithLocation(0).WithArguments(3, "'Trainer.Train'"));
        return test.RunAsync();
    }

    [Fact]
    public Task ManyCopies_TheMessageNamesThreeAndCountsTheRest()
    {
        var members = new[] { "A", "B", "C", "D", "E" };
        var source = "using Microsoft.ML;\n\npublic class Pipelines\n{\n"
            + string.Concat(members.Select((m, i) => $"    public object {m}(MLContext ml) => {{|#{i}:ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.Sdca())|}};\n"))
            + "}\n";
        var test = new Verifiers.AnalyzerTest<DuplicatedPipelineAnalyzer> { TestCode = source };
        for (var i = 0; i < members.Length; i++)
        {
            var others = members.Where((_, j) => j != i).ToList();
            var result = new DiagnosticResult("MLOPS204", DiagnosticSeverity.Info).WithLocation(i);
            foreach (var j in Enumerable.Range(0, members.Length).Where(j => j != i))
            {
                result = result.WithLocation(j);
            }

            // The message names three places and counts the rest; the additional locations list every copy.
            test.ExpectedDiagnostics.Add(result.WithArguments(2, $"'Pipelines.{others[0]}', 'Pipelines.{others[1]}', 'Pipelines.{others[2]}' and 1 more place"));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task ThreeCopiesAcrossFieldsPropertiesAndTopLevelStatements()
        => Verify<DuplicatedPipelineAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var pipeline = {|MLOPS204:ml.Transforms.Categorical.OneHotEncoding("CityKey", "City").Append(ml.Transforms.Concatenate("Features", "Size", "CityKey"))|};

            public class Serving
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public IEstimator<ITransformer> Featurize() => {|MLOPS204:_ml.Transforms.Categorical.OneHotEncoding("CityKey", "City").Append(_ml.Transforms.Concatenate("Features", "Size", "CityKey"))|};

                public IEstimator<ITransformer> Again => {|MLOPS204:this._ml.Transforms.Categorical.OneHotEncoding("CityKey", "City").Append(this._ml.Transforms.Concatenate("Features", "Size", "CityKey"))|};
            }
            """ + Types);

    [Fact]
    public Task ConstantsAndNameofAreComparedByValue()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class A
            {
                private const string Label = "Price";

                public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax(nameof(House.Size)).Append(ml.Regression.Trainers.Sdca(Label, nameof(House.Size)))|};
            }

            public class B
            {
                public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"))|};
            }
            """ + Types);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Rooms\").Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\"))")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\", l2Regularization: 0.1f))")]
    [InlineData("ml.Transforms.NormalizeMeanVariance(\"Size\").Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\"))")]
    [InlineData("ml.Regression.Trainers.Sdca(\"Price\", \"Size\").Append(ml.Transforms.NormalizeMinMax(\"Size\"))")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\")).Append(ml.Transforms.CopyColumns(\"A\", \"Score\"))")]
    [InlineData("ml.Transforms.NormalizeMinMax(column).Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\"))")]
    public Task DifferentChains(string other)
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class A
            {
                public object Build(MLContext ml) => ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"));
            }

            public class B
            {
                public object Build(MLContext ml, string column) => {{other}};
            }
            """ + Types);

    [Fact]
    public Task CopiesInTheSameMethodAreOneDefinition()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class A
            {
                public object Build(MLContext ml, bool fast)
                    => fast
                        ? ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"))
                        : ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"));
            }
            """ + Types);

    // ML.NET's API samples: each entry point keys the label and trains, or concatenates and normalizes, and fits the
    // chain where it builds it. Two-step boilerplate repeated in independent entry points is not a shared definition.
    [Fact]
    public Task TwoStepBoilerplateFittedWhereItIsBuilt()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class LbfgsMaximumEntropy
            {
                public static void Example()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>("train.csv");
                    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    var model = pipeline.Fit(data);
                    var scaled = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features")).Fit(data);
                }
            }

            public static class NaiveBayes
            {
                public static void Example()
                {
                    var ml = new MLContext(seed: 0);
                    var data = ml.Data.LoadFromTextFile<House>("train.csv");
                    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
                    var model = pipeline.Fit(data);
                    var scaled = ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features")).Fit(data);
                }
            }
            """ + Types);

    [Fact]
    public Task TwoStepChainHandedOutByOneCopy()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Training
            {
                public ITransformer Train(MLContext ml, IDataView data)
                {
                    var pipeline = {|MLOPS204:ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features"))|};
                    return pipeline.Fit(data);
                }
            }

            public class Serving
            {
                private IEstimator<ITransformer>? _featurization;

                public IEstimator<ITransformer> Featurization(MLContext ml)
                {
                    var featurization = {|MLOPS204:ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features"))|};
                    return featurization;
                }

                public void Keep(MLContext ml)
                    => _featurization = {|MLOPS204:ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features"))|};
            }
            """ + Types);

    [Fact]
    public Task SingleStepsAndChainsUsingTwoContextsAreNotCompared()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class A
            {
                public object One(MLContext ml) => ml.Regression.Trainers.Sdca("Price", "Size");
                public object Two(MLContext ml) => ml.Regression.Trainers.Sdca("Price", "Size");
                public object Mixed(MLContext ml, MLContext other) => ml.Transforms.NormalizeMinMax("Size").Append(other.Regression.Trainers.Sdca("Price", "Size"));
                public object Mixed2(MLContext ml, MLContext other) => ml.Transforms.NormalizeMinMax("Size").Append(other.Regression.Trainers.Sdca("Price", "Size"));
                public object Fresh() => new MLContext(1).Transforms.NormalizeMinMax("Size").Append(new MLContext(1).Regression.Trainers.Sdca("Price", "Size"));
                public object Fresh2() => new MLContext(1).Transforms.NormalizeMinMax("Size").Append(new MLContext(1).Regression.Trainers.Sdca("Price", "Size"));
            }
            """ + Types);

    [Fact]
    public Task OtherTypesWithAppend()
        => Verify<DuplicatedPipelineAnalyzer>.AnalyzerAsync("""
            public class Step { public Step Append(Step next) => this; }
            public class Catalog { public Step Normalize(string c) => new Step(); }

            public class A
            {
                public Step Build(Catalog c) => c.Normalize("Size").Append(c.Normalize("Rooms"));
                public Step Build2(Catalog c) => c.Normalize("Size").Append(c.Normalize("Rooms"));
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<DuplicatedPipelineAnalyzer>.WithoutMlNetAsync("""
            public class Step { public Step Append(Step next) => this; }
            public class MLContext { public Step Normalize(string c) => new Step(); }
            public class A
            {
                public Step Build(MLContext ml) => ml.Normalize("Size").Append(ml.Normalize("Rooms"));
                public Step Build2(MLContext ml) => ml.Normalize("Size").Append(ml.Normalize("Rooms"));
            }
            """);

    [Theory]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.Sdca(\"Price\", \"Size\")")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.Sdca(\"Price\", ))")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(ml.Regression.Trainers.)")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Size\").Append(")]
    public Task IncompleteCodeDoesNotThrow(string expression)
        => Verify<DuplicatedPipelineAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class A
            {
                public object Build(MLContext ml) => ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"));
                public object Typing(MLContext ml) => {{expression}};
            }
            """);

    // ---------------------------------------------------------------- fix

    private static Task VerifyFix(string source, string fixedSource, params string[] moreSources)
    {
        // Compilation-end diagnostics are not "local": the IDE cannot offer their fixes in the editor (see the docs
        // page), but dotnet format and Fix All in the error list can. The test framework must be told so.
        var test = new CodeFixTest<DuplicatedPipelineAnalyzer, DuplicatedPipelineCodeFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        for (var i = 0; i < moreSources.Length; i += 2)
        {
            test.TestState.Sources.Add(($"/0/Other{i}.cs", moreSources[i]));
            test.FixedState.Sources.Add(($"/0/Other{i}.cs", moreSources[i + 1]));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task FixExtractsOneDefinition_AndFixAllLeavesExactlyOne()
        => VerifyFix("""
            using Microsoft.ML;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public ITransformer Train(IDataView data)
                {
                    var pipeline = {|MLOPS204:_ml.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(_ml.Transforms.NormalizeMinMax("Features"))
                        .Append(_ml.Regression.Trainers.Sdca(labelColumnName: "Price"))|};
                    return pipeline.Fit(data);
                }

                public void Evaluate(MLContext ml, IDataView data)
                {
                    var results = ml.Regression.CrossValidate(data, {|MLOPS204:ml.Transforms.Concatenate("Features", "Size", "Rooms").Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price"))|} /* same */, labelColumnName: "Price");
                }
            }

            public class Other
            {
                public object Build(MLContext mlContext)
                {
                    const string label = "Price";
                    return {|MLOPS204:mlContext.Transforms.Concatenate("Features", "Size", "Rooms").Append(mlContext.Transforms.NormalizeMinMax("Features")).Append(mlContext.Regression.Trainers.Sdca(labelColumnName: label))|};
                }

                public object Small(MLContext mlContext) => {|MLOPS204:mlContext.Transforms.NormalizeMinMax("Size").Append(mlContext.Transforms.NormalizeMinMax("Rooms"))|};

                public object Small2(MLContext mlContext) => {|MLOPS204:mlContext.Transforms.NormalizeMinMax("Size").Append(mlContext.Transforms.NormalizeMinMax("Rooms"))|};
            }
            """, """
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Microsoft.ML.Trainers;
            using Microsoft.ML.Transforms;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public ITransformer Train(IDataView data)
                {
                    var pipeline = BuildPipeline(_ml);
                    return pipeline.Fit(data);
                }

                /// <summary>The one definition of this estimator chain, shared by every place that builds it.</summary>
                internal static EstimatorChain<RegressionPredictionTransformer<LinearRegressionModelParameters>> BuildPipeline(MLContext mlContext) =>
                    mlContext.Transforms.Concatenate("Features", "Size", "Rooms")
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Price"));

                public void Evaluate(MLContext ml, IDataView data)
                {
                    var results = ml.Regression.CrossValidate(data, BuildPipeline(ml) /* same */, labelColumnName: "Price");
                }
            }

            public class Other
            {
                public object Build(MLContext mlContext)
                {
                    const string label = "Price";
                    return Trainer.BuildPipeline(mlContext);
                }

                public object Small(MLContext mlContext) => BuildPipeline(mlContext);

                /// <summary>The one definition of this estimator chain, shared by every place that builds it.</summary>
                internal static EstimatorChain<NormalizingTransformer> BuildPipeline(MLContext mlContext) =>
                    mlContext.Transforms.NormalizeMinMax("Size").Append(mlContext.Transforms.NormalizeMinMax("Rooms"));

                public object Small2(MLContext mlContext) => BuildPipeline(mlContext);
            }
            """);

    [Fact]
    public Task FixAcrossDocuments_LocalConstantsBecomeLiterals()
        => VerifyFix("""
            using Microsoft.ML;

            public class Serving
            {
                public IEstimator<ITransformer> Featurize(MLContext ml)
                    => {|MLOPS204:ml.Transforms.NormalizeMinMax("Size").Append(ml.Transforms.Concatenate("Features", "Size", "Rooms"))|};
            }
            """, """
            using Microsoft.ML;

            public class Serving
            {
                public IEstimator<ITransformer> Featurize(MLContext ml)
                    => Training.BuildPrepPipeline(ml);
            }
            """,
            """
            using Microsoft.ML;

            namespace Prices
            {
            }

            public class Training
            {
                public ITransformer Train(MLContext context, IDataView data)
                {
                    const string size = "Size";
                    var prep = {|MLOPS204:context.Transforms.NormalizeMinMax(size).Append(context.Transforms.Concatenate("Features", nameof(size) == "size" ? "Size" : "x", "Rooms"))|};
                    return prep.Fit(data);
                }
            }
            """, """
            using Microsoft.ML;
            using Microsoft.ML.Data;

            namespace Prices
            {
            }

            public class Training
            {
                public ITransformer Train(MLContext context, IDataView data)
                {
                    const string size = "Size";
                    var prep = BuildPrepPipeline(context);
                    return prep.Fit(data);
                }

                /// <summary>The one definition of this estimator chain, shared by every place that builds it.</summary>
                internal static EstimatorChain<ColumnConcatenatingTransformer> BuildPrepPipeline(MLContext mlContext) =>
                    mlContext.Transforms.NormalizeMinMax("Size").Append(mlContext.Transforms.Concatenate("Features", "Size", "Rooms"));
            }
            """);

    [Fact]
    public Task NoFixWhenTheFirstCopysTypeCannotHostIt()
    {
        const string source = """
            using Microsoft.ML;

            public class Outer
            {
                private class Hidden
                {
                    public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax("Size").Append(ml.Transforms.NormalizeMinMax("Rooms"))|};
                }

                public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax("Size").Append(ml.Transforms.NormalizeMinMax("Rooms"))|};
            }

            public class Generic<T>
            {
                public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax("A").Append(ml.Transforms.NormalizeMinMax("B"))|};
            }

            public class Plain
            {
                public object Build(MLContext ml) => {|MLOPS204:ml.Transforms.NormalizeMinMax("A").Append(ml.Transforms.NormalizeMinMax("B"))|};
            }
            """;
        return VerifyFix(source, source);
    }
}
