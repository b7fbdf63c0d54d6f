using System.Threading.Tasks;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS202_FitOnServingPathTests
{
    private const string Types = """

        public class House { public float Size; public float Price; }
        public class PricePrediction { public float Score; }
        """;

    private static Task Verify(string source) => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync(source + Types);

    private static Task VerifyWeb(string source) => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync(source + Types + Stubs.AspNetCore);

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task MethodThatLoadsAModelAndFitsAPreparation()
        => Verify("""
            using Microsoft.ML;

            public class Scorer
            {
                public IDataView Score(MLContext ml, IDataView batch)
                {
                    var model = ml.Model.Load("model.zip", out _);
                    var prep = ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(batch)|};
                    return model.Transform(prep.Transform(batch));
                }
            }
            """);

    // Batch scoring: no prediction engine, a loaded model transforms the batch, a normalizer is fitted on it first.
    [Fact]
    public Task BatchScoringWithALoadedModel()
        => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync(TestLibraries.Abstractions, """
            using Microsoft.ML;

            public class NightlyScorer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly ITransformer _model;
                private ITransformer Loaded { get; } = new MLContext(seed: 1).Model.Load("model.zip", out _);

                public NightlyScorer(string path) => _model = _ml.Model.Load(path, out _);

                public IDataView ScoreBatch(IDataView batch)
                {
                    var scaled = _ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(batch)|}.Transform(batch);
                    return _model.Transform(scaled);
                }

                public IDataView ScoreWithProperty(IDataView batch)
                {
                    var scaler = _ml.Transforms.NormalizeMeanVariance("Size").{|MLOPS202:Fit(batch)|};
                    return Loaded.Transform(scaler.Transform(batch));
                }
            }

            public class RegistryScorer
            {
                public IDataView Score(MLContext ml, IDataView batch, ITransformer current)
                {
                    var model = MlopsAnalyzers.Abstractions.ModelRegistry.Default.Load(ml, "house-prices", "production", out _);
                    var keys = ml.Transforms.Conversion.MapValueToKey("City").{|MLOPS202:Fit(batch)|};
                    return model.Transform(keys.Transform(batch));
                }
            }
            """ + Types);

    [Fact]
    public Task MessageSaysWhyItIsTheServingPath()
        => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                public IDataView Score(MLContext ml, IDataView batch, IEstimator<ITransformer> prep)
                {
                    var model = ml.Model.Load("model.zip", out _);
                    return model.Transform(prep.Fit(batch).Transform(batch));
                }
            }
            """,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("MLOPS202", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(8, 37, 8, 47)
                .WithArguments("prep", "in a method that loads a model"));

    [Fact]
    public Task PredictMethodWithAnEngineFromAField_AndTheHelperItCalls()
        => Verify("""
            using Microsoft.ML;

            public class PriceService
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PriceService(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Predict(House house)
                {
                    var data = _ml.Data.LoadFromEnumerable(new[] { house, new House { Size = 1 } });
                    var normalizer = _ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|};
                    return _engine.Predict(Normalize(house)).Score;
                }

                private House Normalize(House house)
                {
                    var rows = _ml.Data.LoadFromTextFile<House>("recent.csv");
                    var fitted = _ml.Transforms.NormalizeMeanVariance("Size").{|MLOPS202:Fit(rows)|};
                    fitted.Transform(rows);
                    return house;
                }
            }
            """);

    [Fact]
    public Task ControllerActionThatFits()
        => VerifyWeb("""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.ML;

            [ApiController]
            public class PricesController : ControllerBase
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                [HttpPost]
                public float Post(House[] houses)
                {
                    var data = _ml.Data.LoadFromEnumerable(houses);
                    var prep = _ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|};
                    var features = prep.Transform(data);
                    return 0;
                }
            }

            public class BareController : Controller
            {
                public void Post(IDataView data, IEstimator<ITransformer> estimator)
                {
                    estimator.{|MLOPS202:Fit(data)|}.Transform(data);
                }
            }
            """);

    [Fact]
    public Task MinimalApiHandlers()
        => VerifyWeb("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            public static class Endpoints
            {
                public static void Map(WebApplication app, MLContext ml)
                {
                    app.MapPost("/score", (House[] houses) =>
                    {
                        var data = ml.Data.LoadFromEnumerable(houses);
                        var prep = ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|};
                        return prep.Transform(data);
                    });
                    app.MapPost("/score2", Score);
                }

                private static IDataView Score(MLContext ml, IDataView data)
                    => ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|}.Transform(data);

                public static IDataView Offline(MLContext ml, IDataView data)
                    => ml.Transforms.NormalizeMinMax("Size").Fit(data).Transform(data);
            }
            """);

    [Fact]
    public Task MinimalApiInTopLevelStatements()
        => Verify<FitOnServingPathAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            var app = WebApplication.Create(args);
            var ml = new MLContext(seed: 1);
            app.MapPost("/score", (House house) =>
            {
                var data = ml.Data.LoadFromEnumerable(new[] { house });
                return ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|}.Transform(data);
            });
            app.Run();
            """ + Types + Stubs.AspNetCore);

    [Fact]
    public Task FitOnOneRequestsInputAnywhere()
        => Verify("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public class Featurizer
            {
                public IDataView Featurize(MLContext ml, House house)
                {
                    var data = ml.Data.LoadFromEnumerable(new[] { house });
                    return ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|}.Transform(data);
                }

                public IDataView FeaturizeList(MLContext ml, House house)
                {
                    var data = ml.Data.LoadFromEnumerable(new List<House> { house });
                    return ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(data)|}.Transform(data);
                }
            }
            """);

    [Fact]
    public Task PredictionEnginePool()
        => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.ML;
            using Microsoft.ML;

            public class Scorer
            {
                private readonly PredictionEnginePool<House, PricePrediction> _pool;
                private readonly MLContext _ml = new MLContext(seed: 1);

                public Scorer(PredictionEnginePool<House, PricePrediction> pool) => _pool = pool;

                public float Predict(House house, IDataView recent)
                {
                    _ml.Transforms.NormalizeMinMax("Size").{|MLOPS202:Fit(recent)|}.Transform(recent);
                    return _pool.Predict(house).Score;
                }
            }
            """ + Types + Stubs.ExtensionsMlPool);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task OnnxScoringPipelineFittedOnAnEmptyDataView()
        => Verify<FitOnServingPathAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public class OnnxScorer
            {
                private readonly MLContext _ml = new MLContext();
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public OnnxScorer(string modelPath)
                {
                    var pipeline = _ml.Transforms.ApplyOnnxModel("Score", "Size", modelPath);
                    var empty = _ml.Data.LoadFromEnumerable(new List<House>());
                    var model = pipeline.Fit(empty);
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                }

                public float Predict(House house, IDataView dummy)
                {
                    var scoring = _ml.Transforms.ApplyOnnxModel("Score", "Size", "model.onnx");
                    var transformer = scoring.Fit(_ml.Data.LoadFromEnumerable(new House[0]));
                    var viaArray = scoring.Fit(_ml.Data.LoadFromEnumerable(System.Array.Empty<House>()));
                    var viaDummyRow = scoring.Fit(_ml.Data.LoadFromEnumerable(new[] { new House() }));
                    var onRealData = scoring.Fit(dummy);
                    return _engine.Predict(house).Score;
                }

                public IDataView Score(IDataView batch)
                {
                    var loaded = _ml.Model.Load("prep.zip", out _);
                    var tf = _ml.Model.LoadTensorFlowModel("model.pb").ScoreTensorFlowModel("Score", "Features")
                        .Append(_ml.Transforms.CopyColumns("Prediction", "Score"));
                    return tf.Fit(batch).Transform(loaded.Transform(batch));
                }
            }
            """ + Types + Stubs.OnnxAndTensorFlow);

    [Fact]
    public Task DedicatedRetrainingMethodNotCalledFromServingCode()
        => Verify("""
            using Microsoft.ML;

            public class PriceService
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private PredictionEngine<House, PricePrediction> _engine;
                private ITransformer _model;

                public float Predict(House house) => _engine.Predict(house).Score;

                public void Reload() => _model = _ml.Model.Load("model.zip", out _);

                public void Retrain(IDataView data)
                {
                    var pipeline = _ml.Transforms.NormalizeMinMax("Size").Append(_ml.Regression.Trainers.Sdca("Price", "Size"));
                    var model = pipeline.Fit(data);
                    var metrics = _ml.Regression.Evaluate(model.Transform(data), "Price");
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                }
            }
            """);

    [Fact]
    public Task TrainingOnFirstRequestThatKeepsTheEngine()
        => Verify("""
            using Microsoft.ML;

            public class PriceService
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private PredictionEngine<House, PricePrediction> _engine;
                private readonly PredictionEngine<House, PricePrediction> _fallback;

                public PriceService(PredictionEngine<House, PricePrediction> fallback) => _fallback = fallback;

                public float Predict(House house)
                {
                    if (_engine is null)
                    {
                        EnsureTrained();
                    }

                    return _fallback.Predict(house).Score;
                }

                private void EnsureTrained()
                {
                    var data = _ml.Data.LoadFromTextFile<House>("houses.csv");
                    var model = _ml.Transforms.NormalizeMinMax("Size").Append(_ml.Regression.Trainers.Sdca("Price", "Size")).Fit(data);
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                }
            }
            """);

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, \"model.zip\");")]
    [InlineData("_latest = model;")]
    [InlineData("Publish(model);")]
    [InlineData("return model;")]
    public Task FitResultKeptAsAModel_RetrainingEndpoint(string keep)
        => VerifyWeb($$"""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.ML;

            public class RetrainController : ControllerBase
            {
                private ITransformer _latest;

                [HttpPost]
                public ITransformer Retrain(MLContext ml, IDataView data)
                {
                    var model = ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size")).Fit(data);
                    {{keep}}
                    return null;
                }

                [NonAction]
                public IDataView Helper(MLContext ml, IDataView data) => ml.Transforms.NormalizeMinMax("Size").Fit(data).Transform(data);

                private static void Publish(ITransformer model) { }
            }
            """);

    [Fact]
    public Task TutorialTrainThenPredictOneSample()
        => Verify<FitOnServingPathAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var model = ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size")).Fit(data);
            var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
            System.Console.WriteLine(engine.Predict(new House { Size = 90 }).Score);
            """ + Types);

    [Fact]
    public Task TutorialTrainSaveLoadPredict()
        => Verify<FitOnServingPathAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var model = ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size")).Fit(data);
            ml.Model.Save(model, data.Schema, "model.zip");
            var loaded = ml.Model.Load("model.zip", out _);
            var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(loaded);
            System.Console.WriteLine(engine.Predict(new House { Size = 90 }).Score);
            """ + Types);

    // ML.NET's API samples: train, save, reload and try the model, in one method.
    [Fact]
    public Task AMethodThatTrainsSavesAndReloadsItsOwnModel()
        => Verify("""
            using Microsoft.ML;

            public static class SaveLoadSample
            {
                public static void Example()
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
                    var model = ml.Transforms.NormalizeMinMax("Size").Append(ml.Regression.Trainers.Sdca("Price", "Size")).Fit(data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                    var loaded = ml.Model.Load("model.zip", out _);
                    var preview = ml.Transforms.NormalizeMeanVariance("Size").Fit(data).Transform(data);
                    var scored = loaded.Transform(preview);
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(loaded);
                    System.Console.WriteLine(engine.Predict(new House { Size = 90 }).Score);
                }
            }
            """);

    // An engine built from a fitted model appended to the preparation: trained here, not served.
    [Fact]
    public Task EngineFromATransformerChainWithTheFittedModelAppended()
        => Verify("""
            using Microsoft.ML;

            public static class AppendFittedSample
            {
                public static void Example(MLContext ml, IDataView data, House sample)
                {
                    var prep = ml.Transforms.NormalizeMinMax("Size").Fit(data);
                    var trainer = ml.Regression.Trainers.Sdca("Price", "Size").Fit(prep.Transform(data));
                    var combined = prep.Append(trainer);
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(combined);
                    var check = ml.Transforms.NormalizeMeanVariance("Size").Fit(data).Transform(data);
                    System.Console.WriteLine(engine.Predict(sample).Score);
                }
            }
            """);

    [Fact]
    public Task ScoringWithAModelNotLoadedIsNotBatchServing()
        => Verify("""
            using Microsoft.ML;

            public class Evaluator
            {
                private ITransformer _model;

                public void Train(MLContext ml, IDataView data) => _model = ml.Regression.Trainers.Sdca("Price", "Size").Fit(data);

                public IDataView Compare(MLContext ml, IDataView test, ITransformer candidate)
                {
                    var scaled = ml.Transforms.NormalizeMinMax("Size").Fit(test).Transform(test);
                    return candidate.Transform(_model.Transform(scaled));
                }
            }
            """);

    [Fact]
    public Task TrainingOnAParameterCollectionIsNotOneRequest()
        => Verify("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public class Trainer
            {
                public IDataView Prepare(MLContext ml, IEnumerable<House> rows)
                {
                    var data = ml.Data.LoadFromEnumerable(rows);
                    return ml.Transforms.NormalizeMinMax("Size").Fit(data).Transform(data);
                }
            }
            """);

    [Fact]
    public Task OtherTypesFitAndPredict()
        => Verify("""
            using Microsoft.ML;

            public class Scaler { public Scaler Fit(IDataView d) => this; }
            public class Engine { public float Predict(House h) => 0; }

            public class Scorer
            {
                private readonly Engine _engine = new Engine();

                public float Predict(House house, IDataView data, Scaler scaler)
                {
                    scaler.Fit(data);
                    return _engine.Predict(house);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<FitOnServingPathAnalyzer>.WithoutMlNetAsync("""
            public class Estimator { public object Fit(object d) => d; }
            public class Catalog { public object Load(string p, out object s) { s = null; return null; } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Scorer
            {
                public object Score(MLContext ml, Estimator e, object batch)
                {
                    ml.Model.Load("m.zip", out _);
                    return e.Fit(batch);
                }
            }
            """);

    [Theory]
    [InlineData("var model = ml.Model.Load(\"m.zip\", out _); var prep = ml.Transforms.NormalizeMinMax(\"Size\").{|MLOPS202:Fit(batch)|};")]
    [InlineData("var model = ml.Model.Load(\"m.zip\", out _); var prep = ml.Transforms.NormalizeMinMax(\"Size\").Fit(")]
    [InlineData("var model = ml.Model.Load(\"m.zip\", out _); var prep = ml.Transforms.NormalizeMinMax(\"Size\").Fit(batch, 3);")]
    [InlineData("ml.Model.Load(; estimator.Fit(batch)")]
    [InlineData("app.MapPost(\"/x\", (House h) => ml.Transforms.NormalizeMinMax(\"Size\").Fit(ml.Data.LoadFromEnumerable(new[] { h }))")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<FitOnServingPathAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            public class Typing
            {
                public object Score(MLContext ml, IDataView batch, IEstimator<ITransformer> estimator, WebApplication app)
                {
                    {{body}}
                    return null;
                }
            }
            """ + Types + Stubs.AspNetCore);
}
