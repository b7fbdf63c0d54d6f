using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS201_DataPreparationNotSavedTests
{
    private const string Types = """

        public class House { public float Size; public string City; public float Price; }
        """;

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task TheClassicForm()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var prepEstimator = ml.Transforms.Categorical.OneHotEncoding("CityKey", "City")
                        .Append(ml.Transforms.Concatenate("Features", "Size", "CityKey"));
                    var prep = prepEstimator.Fit(data);
                    var trained = ml.Regression.Trainers.Sdca("Price").Fit(prep.Transform(data));
                    ml.Model.Save({|MLOPS201:trained|}, prep.Transform(data).Schema, "model.zip");
                }
            }
            """ + Types);

    [Fact]
    public Task MessageNamesTheModelAndThePreparation()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.Concatenate("Features", "Size").Fit(data);
                    var transformed = prep.Transform(data);
                    var trained = ml.Regression.Trainers.Sdca("Price").Fit(transformed);
                    ml.Model.Save(trained, transformed.Schema, "model.zip");
                }
            }
            """,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS201")
                .WithSpan(10, 23, 10, 30)
                .WithArguments("trained", "prep"));

    [Theory]
    [InlineData("ml.Model.Save({|MLOPS201:trained|}, transformed.Schema, stream)")]
    [InlineData("ml.Model.Save({|MLOPS201:model: trained|}, inputSchema: null, filePath: \"m.zip\")")]
    [InlineData("ml.Model.Save({|MLOPS201:ml.Regression.Trainers.Sdca(\"Price\").Fit(transformed)|}, transformed.Schema, \"m.zip\")")]
    [InlineData("ml.Model.Save({|MLOPS201:(ITransformer)trained|}, data.Schema, \"m.zip\")")]
    public Task SaveForms(string save)
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync($$"""
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data, Stream stream)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var transformed = prep.Transform(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(transformed);
                    {{save}};
                }
            }
            """ + Types);

    [Fact]
    public Task PreparationUsedAgainForEvaluationIsStillDropped()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView train, IDataView test)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(train);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(train));
                    var metrics = ml.Regression.Evaluate(trained.Transform(prep.Transform(test)), "Price");
                    var schema = prep.GetOutputSchema(train.Schema);
                    ml.Model.Save({|MLOPS201:trained|}, schema, "model.zip");
                }
            }
            """ + Types);

    [Fact]
    public Task PreparationInAPrivateFieldFittedInAnotherMethod()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private ITransformer _prep;

                public void Prepare(IDataView data) => _prep = _ml.Transforms.NormalizeMinMax("Size").Fit(data);

                public void Train(IDataView data)
                {
                    var trained = _ml.Regression.Trainers.Sdca("Price", "Size").Fit(_prep.Transform(data));
                    _ml.Model.Save({|MLOPS201:trained|}, data.Schema, "model.zip");
                }
            }
            """ + Types);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Model.Save(prep.Append(trained), data.Schema, \"m.zip\");")]
    [InlineData("var whole = prep.Append(trained); ml.Model.Save(whole, data.Schema, \"m.zip\");")]
    [InlineData("ml.Model.Save(prep, data.Schema, \"prep.zip\"); ml.Model.Save(trained, transformed.Schema, \"m.zip\");")]
    [InlineData("Keep(prep); ml.Model.Save(trained, transformed.Schema, \"m.zip\");")]
    [InlineData("ml.Model.Save(trained, transformed.Schema, \"m.zip\"); return prep;")]
    public Task PreparationAppendedSavedOrPassedOn(string statements)
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Trainer
            {
                public ITransformer Train(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var transformed = prep.Transform(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(transformed);
                    {{statements}}
                    return null;
                }

                private static void Keep(ITransformer t) { }
            }
            """ + Types);

    [Fact]
    public Task WholeChainFittedOnRawData()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var pipeline = ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size"));
                    var model = pipeline.Fit(data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                }
            }
            """ + Types);

    [Theory]
    [InlineData("ITransformer prep = ml.Model.Load(\"featurizer.zip\", out _);")]
    [InlineData("var prep = featurizer;")]
    [InlineData("ITransformer prep = ml.Transforms.NormalizeMinMax(\"Size\").Fit(data); prep = featurizer;")]
    public Task PreparationNotFittedHere(string prepStatement)
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data, ITransformer featurizer)
                {
                    {{prepStatement}}
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(data));
                    ml.Model.Save(trained, data.Schema, "model.zip");
                }
            }
            """ + Types);

    [Theory]
    [InlineData("public ITransformer Prep;", "Prep = _ml.Transforms.NormalizeMinMax(\"Size\").Fit(data);")]
    [InlineData("private ITransformer Prep;", "Prep = _ml.Transforms.NormalizeMinMax(\"Size\").Fit(data); _ml.Model.Save(Prep, data.Schema, \"prep.zip\");")]
    [InlineData("private ITransformer Prep;", "Prep = _ml.Transforms.NormalizeMinMax(\"Size\").Fit(data); var all = Prep.Append(Prep);")]
    [InlineData("private ITransformer Prep;", "Prep = loaded;")]
    [InlineData("private ITransformer Prep = null;", "")]
    public Task FieldPreparationThatEscapes(string field, string prepare)
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                {{field}}

                public void Prepare(IDataView data, ITransformer loaded) { {{prepare}} }

                public void Train(IDataView data)
                {
                    var trained = _ml.Regression.Trainers.Sdca("Price", "Size").Fit(Prep.Transform(data));
                    _ml.Model.Save(trained, data.Schema, "model.zip");
                }
            }
            """ + Types);

    [Fact]
    public Task OtherTypesWithTheSameMethodNames()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            public class Step { public Step Fit(object d) => this; public object Transform(object d) => d; }
            public class Store { public void Save(Step model, object schema, string path) { } }

            public class Trainer
            {
                public void Train(Store store, Step estimator, Step trainer, object data)
                {
                    var prep = estimator.Fit(data);
                    var trained = trainer.Fit(prep.Transform(data));
                    store.Save(trained, null, "model.zip");
                }
            }
            """);

    [Fact]
    public Task GeneratedCodeIsSkipped()
        => Verify<DataPreparationNotSavedAnalyzer>.AnalyzerAsync("""
            // <auto-generated/>
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(data));
                    ml.Model.Save(trained, data.Schema, "model.zip");
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<DataPreparationNotSavedAnalyzer>.WithoutMlNetAsync("""
            public class Step { public Step Fit(object d) => this; public object Transform(object d) => d; }
            public class Catalog { public void Save(Step model, object schema, string path) { } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Trainer
            {
                public void Train(MLContext ml, Step estimator, Step trainer, object data)
                {
                    var prep = estimator.Fit(data);
                    ml.Model.Save(trainer.Fit(prep.Transform(data)), null, "model.zip");
                }
            }
            """);

    [Theory]
    [InlineData("ml.Model.Save(trained, ")]
    [InlineData("ml.Model.Save({|MLOPS201:trained|}, data.Schema, \"m.zip\"")]
    [InlineData("ml.Model.Save(trained, data.Schema, \"m.zip\", 1);")]
    [InlineData("var x = ml.Regression.Trainers.Sdca().Fit(prep.Transform());")]
    public Task IncompleteCodeDoesNotThrow(string statement)
        => Verify<DataPreparationNotSavedAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(data));
                    {{statement}}
                }
            }
            """);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixSavesTheWholeChainWithTheRawSchema_FixAll()
        => Verify<DataPreparationNotSavedAnalyzer>.CodeFixAsync<DataPreparationNotSavedCodeFix>("""
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data, Stream stream)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var transformed = prep.Transform(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(transformed);
                    ml.Model.Save({|MLOPS201:trained|} /* final */, transformed.Schema, "model.zip");
                    ml.Model.Save({|MLOPS201:model: trained|}, inputSchema: null, stream: stream);
                }
            }
            """ + Types, """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data, Stream stream)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var transformed = prep.Transform(data);
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(transformed);
                    ml.Model.Save(prep.Append(trained) /* final */, data.Schema, "model.zip");
                    ml.Model.Save(model: prep.Append(trained), inputSchema: data.Schema, stream: stream);
                }
            }
            """ + Types);

    [Fact]
    public Task FixWithAFieldPreparationAndAChainTypedPreparation()
        => Verify<DataPreparationNotSavedAnalyzer>.CodeFixAsync<DataPreparationNotSavedCodeFix>("""
            using Microsoft.ML;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private ITransformer _prep;

                public void Prepare(IDataView data) => _prep = _ml.Transforms.NormalizeMinMax("Size").Fit(data);

                public void Train(IDataView data)
                {
                    _ml.Model.Save({|MLOPS201:_ml.Regression.Trainers.Sdca("Price", "Size").Fit(_prep.Transform(data))|}, null, "model.zip");
                }

                public void TrainChain(IDataView raw)
                {
                    var prep = _ml.Transforms.NormalizeMinMax("Size").Append(_ml.Transforms.Concatenate("Features", "Size")).Fit(raw);
                    var trained = _ml.Regression.Trainers.Sdca("Price").Fit(prep.Transform(raw));
                    _ml.Model.Save({|MLOPS201:trained|}, prep.Transform(raw).Schema, "chain.zip");
                }
            }
            """ + Types, """
            using Microsoft.ML;

            public class Trainer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private ITransformer _prep;

                public void Prepare(IDataView data) => _prep = _ml.Transforms.NormalizeMinMax("Size").Fit(data);

                public void Train(IDataView data)
                {
                    _ml.Model.Save(_prep.Append(_ml.Regression.Trainers.Sdca("Price", "Size").Fit(_prep.Transform(data))), data.Schema, "model.zip");
                }

                public void TrainChain(IDataView raw)
                {
                    var prep = _ml.Transforms.NormalizeMinMax("Size").Append(_ml.Transforms.Concatenate("Features", "Size")).Fit(raw);
                    var trained = _ml.Regression.Trainers.Sdca("Price").Fit(prep.Transform(raw));
                    _ml.Model.Save(prep.Append(trained), raw.Schema, "chain.zip");
                }
            }
            """ + Types);

    [Fact]
    public Task NoFixWhenTheRawDataIsNotStable()
    {
        const string source = """
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(ml.Data.LoadFromTextFile<House>("h.csv"));
                    var trained = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(ml.Data.LoadFromTextFile<House>("h.csv")));
                    ml.Model.Save({|MLOPS201:trained|}, null, "model.zip");
                }
            }

            public class House { public float Size; public float Price; }
            """;
        return Verify<DataPreparationNotSavedAnalyzer>.CodeFixAsync<DataPreparationNotSavedCodeFix>(source, source);
    }
}
