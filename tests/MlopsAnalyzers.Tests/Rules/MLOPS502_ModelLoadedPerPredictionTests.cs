using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS502_ModelLoadedPerPredictionTests
{
    private const string Types = """

        public class House { public float Size; }
        public class PricePrediction { public float Score; }
        """;

    private static Task Verify(string source) => Verify<ModelLoadedPerPredictionAnalyzer>.AnalyzerAsync(source + Types + Stubs.AspNetCore);

    private static Task VerifyFix(string source, string fixedSource)
        => Verify<ModelLoadedPerPredictionAnalyzer>.CodeFixAsync<ModelLoadedPerPredictionCodeFix>(source + Types, fixedSource + Types);

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task MethodThatLoadsCreatesAndPredictsOnce()
        => Verify("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public float Predict(House house)
                {
                    var model = _ml.Model.{|MLOPS502:Load("model.zip", out _)|};
                    var engine = _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                    return engine.Predict(house).Score;
                }
            }
            """);

    [Fact]
    public Task MessageSaysWhy()
        => Verify<ModelLoadedPerPredictionAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly ITransformer _model;

                public PricePredictor(ITransformer model) => _model = model;

                public float Predict(House house)
                    => _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model).Predict(house).Score;
            }
            """ + Types,
            new DiagnosticResult("MLOPS502", DiagnosticSeverity.Info)
                .WithSpan(11, 22, 11, 76)
                .WithArguments("CreatePredictionEngine", "in 'Predict', which predicts once per call"));

    [Fact]
    public Task HelperCalledFromAMethodThatPredictsOnce()
        => Verify("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public float Predict(House house) => GetEngine().Predict(new House { Size = house.Size }).Score;

                private PredictionEngine<House, PricePrediction> GetEngine()
                {
                    var model = _ml.Model.{|MLOPS502:Load("model.zip", out _)|};
                    return _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                }
            }
            """);

    [Fact]
    public Task ControllerActionAndTheHelperItCalls()
        => Verify("""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.ML;

            [ApiController]
            public class PricesController : ControllerBase
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                [HttpPost]
                public float[] Post(House[] houses)
                {
                    var engine = _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(Load())|};
                    var prices = new float[houses.Length];
                    for (var i = 0; i < houses.Length; i++)
                    {
                        prices[i] = engine.Predict(houses[i]).Score;
                    }

                    return prices;
                }

                private ITransformer Load() => _ml.Model.{|MLOPS502:Load("model.zip", out _)|};
            }
            """);

    [Fact]
    public Task MinimalApiHandlers()
        => Verify<ModelLoadedPerPredictionAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            var app = WebApplication.Create(args);
            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load("model.zip", out _);
            app.MapPost("/price", (House house) =>
            {
                var engine = ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                return engine.Predict(house).Score;
            });
            app.MapPost("/price2", Endpoints.Price);
            app.Run();

            static class Endpoints
            {
                public static float Price(House house)
                {
                    var ml = new MLContext(seed: 1);
                    var model = ml.Model.{|MLOPS502:Load("model.zip", out _)|};
                    return ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|}.Predict(house).Score;
                }
            }
            """ + Types + Stubs.AspNetCore);

    [Fact]
    public Task RegistryLoadsAreModelLoads()
        => Verify<ModelLoadedPerPredictionAnalyzer>.AnalyzerAsync(TestLibraries.Abstractions, """
            using System.Threading.Tasks;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly IAsyncModelRegistry _registry = ModelRegistry.Open("/srv/registry");

                public float Predict(House house)
                {
                    var model = _registry.{|MLOPS502:Load(_ml, "prices", "production", out _)|};
                    return _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|}.Predict(house).Score;
                }

                public async Task<float> PredictAsync(House house)
                {
                    var loaded = await _registry.{|MLOPS502:LoadAsync(_ml, "prices", "production")|};
                    return _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(loaded.Model)|}.Predict(house).Score;
                }

                public float PredictLatest(House house)
                {
                    var model = ModelRegistry.Default.{|MLOPS502:Load(_ml, "prices", out _)|};
                    return _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|}.Predict(house).Score;
                }
            }
            """ + Types);

    [Fact]
    public Task RegistryLoadCachedInAFieldOrRunOnceIsNotFlagged()
        => Verify<ModelLoadedPerPredictionAnalyzer>.AnalyzerAsync(TestLibraries.Abstractions, """
            using System.Threading.Tasks;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine;
                private LoadedModel? _loaded;

                public PricePredictor(IModelRegistry registry)
                {
                    var model = registry.Load(_ml, "prices", "production", out _);
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                }

                public float Predict(House house) => _engine.Predict(house).Score;

                public async Task WarmUp(IAsyncModelRegistry registry) => _loaded = await registry.LoadAsync(_ml, "prices", "production");
            }
            """ + Types);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task LoadAndPredictionInALoopAreBatchWork()
        => Verify("""
            using Microsoft.ML;

            public class EnsemblePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public float Predict(House house)
                {
                    float total = 0;
                    foreach (var path in new[] { "a.zip", "b.zip" })
                    {
                        var model = _ml.Model.Load(path, out _);
                        total += _ml.Model.CreatePredictionEngine<House, PricePrediction>(model).Predict(house).Score;
                    }

                    return total;
                }
            }
            """);

    [Fact]
    public Task LoadInALoopOfAMethodThatPredictsOnceIsNotFlagged()
        => Verify("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine;
                private readonly List<ITransformer> _candidates = new();

                public PricePredictor(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Predict(House house)
                {
                    var score = _engine.Predict(house).Score;
                    for (var i = 0; i < 3; i++)
                    {
                        _candidates.Add(_ml.Model.Load("candidate" + i + ".zip", out _));
                    }

                    var local = () => _ml.Model.Load("lambda.zip", out _);
                    return score;
                }
            }
            """);

    [Fact]
    public Task LoadedOnceInConstructorsInitializersAndLazy()
        => Verify("""
            using System;
            using Microsoft.ML;

            public class PricePredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private static readonly ITransformer SharedModel;
                private readonly ITransformer _model = Ml.Model.Load("model.zip", out _);
                private readonly PredictionEngine<House, PricePrediction> _engine;
                private readonly Lazy<PredictionEngine<House, PricePrediction>> _lazy =
                    new Lazy<PredictionEngine<House, PricePrediction>>(() => Ml.Model.CreatePredictionEngine<House, PricePrediction>(Ml.Model.Load("model.zip", out _)));

                static PricePredictor() => SharedModel = Ml.Model.Load("shared.zip", out _);

                public PricePredictor() => _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(_model);

                public float Predict(House house) => _engine.Predict(house).Score + _lazy.Value.Predict(house).Score;
            }
            """);

    [Fact]
    public Task CachedInAFieldOnFirstUse()
        => Verify("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private PredictionEngine<House, PricePrediction> _engine;
                private ITransformer _model;

                public float Predict(House house)
                {
                    if (_model == null)
                    {
                        _model = _ml.Model.Load("model.zip", out _);
                    }

                    _engine ??= _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model);
                    return _engine.Predict(house).Score;
                }
            }
            """);

    [Fact]
    public Task BatchScoringAndFactoryMethods()
        => Verify("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public class BatchScorer
            {
                private readonly MLContext _ml = new MLContext(seed: 1);

                public List<float> ScoreAll(IEnumerable<House> houses)
                {
                    var model = _ml.Model.Load("model.zip", out _);
                    var engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    var prices = new List<float>();
                    foreach (var house in houses)
                    {
                        prices.Add(engine.Predict(house).Score);
                    }

                    return prices;
                }

                public PredictionEngine<House, PricePrediction> CreateEngine(string path)
                    => _ml.Model.CreatePredictionEngine<House, PricePrediction>(_ml.Model.Load(path, out _));
            }
            """);

    [Fact]
    public Task ConsoleProgramThatPredictsOnce()
        => Verify<ModelLoadedPerPredictionAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load("model.zip", out _);
            var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
            System.Console.WriteLine(engine.Predict(new House { Size = float.Parse(args[0]) }).Score);
            """ + Types);

    [Fact]
    public Task MainMethodAndTrainThenTryOnePrediction()
        => Verify("""
            using Microsoft.ML;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var ml = new MLContext(seed: 1);
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(ml.Model.Load(args[0], out _));
                    System.Console.WriteLine(engine.Predict(new House { Size = float.Parse(args[1]) }).Score);
                }

                public static float TrainAndTry(MLContext ml, IDataView data, House house)
                {
                    var model = ml.Regression.Trainers.Sdca("Score", "Size").Fit(data);
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
                    return engine.Predict(house).Score;
                }

                public static float DemoWithConstants(MLContext ml)
                {
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(ml.Model.Load("model.zip", out _));
                    return engine.Predict(new House { Size = 3 }).Score;
                }
            }
            """);

    [Fact]
    public Task LookAlikesThatAreNotMlNet()
        => Verify("""
            public class Catalog
            {
                public object Load(string path, out object schema) { schema = null; return null; }
                public Engine CreatePredictionEngine<TIn, TOut>(object model) => new Engine();
            }

            public class Engine { public float Predict(House house) => house.Size; }

            public class Scorer
            {
                private readonly Catalog _catalog = new Catalog();

                public float Predict(House house)
                {
                    var model = _catalog.Load("model.zip", out _);
                    return _catalog.CreatePredictionEngine<House, PricePrediction>(model).Predict(house);
                }
            }
            """);

    [Fact]
    public Task WithoutMlNet()
        => Verify<ModelLoadedPerPredictionAnalyzer>.WithoutMlNetAsync("""
            public class Catalog { public object Load(string p, out object s) { s = null; return null; } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Scorer
            {
                public object Score(MLContext ml, object input)
                {
                    return ml.Model.Load("m.zip", out _);
                }
            }
            """);

    [Theory]
    [InlineData("var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(ml.Model.Load(")]
    [InlineData("var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(); return engine.Predict(house);")]
    [InlineData("var engine = ml.Model.{|MLOPS502:CreatePredictionEngine<House, >(model)|}; return engine.Predict(house).Score;")]
    [InlineData("return ml.Model.Load(\"m.zip\", out _).Predict(house")]
    [InlineData("app.MapPost(\"/x\", (House h) => ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|}.Predict(h).Score")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ModelLoadedPerPredictionAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            public class Typing
            {
                public object Score(MLContext ml, ITransformer model, House house, WebApplication app)
                {
                    {{body}}
                    return null;
                }
            }
            """ + Types + Stubs.AspNetCore);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixHoistsTheLoadToAFieldInitializerAndTheEngineToTheConstructors()
        => VerifyFix("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly string _name;

                public PricePredictor(string name) => _name = name;

                public PricePredictor() : this("default")
                {
                }

                public float Predict(House house)
                {
                    // The saved model.
                    var model = Ml.Model.{|MLOPS502:Load("model.zip", out _)|};
                    var engine = Ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                    return engine.Predict(house).Score;
                }
            }
            """, """
            using Microsoft.ML;

            public class PricePredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly string _name;
                private readonly ITransformer _model = Ml.Model.Load("model.zip", out _);
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor(string name)
                {
                    _name = name;
                    _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(_model);
                }

                public PricePredictor() : this("default")
                {
                }

                public float Predict(House house)
                {
                    // The saved model.
                    return _engine.Predict(house).Score;
                }
            }
            """);

    [Fact]
    public Task FixAddsAConstructorWhenTheClassHasNone()
        => VerifyFix("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly ITransformer _model;

                public float Predict(House house)
                {
                    var engine = _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(_model)|};
                    return engine.Predict(house).Score;
                }
            }
            """, """
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly MLContext _ml = new MLContext(seed: 1);
                private readonly ITransformer _model;
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor()
                {
                    _engine = _ml.Model.CreatePredictionEngine<House, PricePrediction>(_model);
                }

                public float Predict(House house)
                {
                    return _engine.Predict(house).Score;
                }
            }
            """);

    [Fact]
    public Task NoFixWhenTheCallReadsParametersLocalsOrMutableFields()
    {
        const string source = """
            using Microsoft.ML;

            public class PricePredictor
            {
                private MLContext _ml = new MLContext(seed: 1);
                private readonly MLContext _readonlyMl = new MLContext(seed: 1);

                public float Predict(House house, string path)
                {
                    var model = _readonlyMl.Model.{|MLOPS502:Load(path, out _)|};
                    var engine = _ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                    return engine.Predict(house).Score;
                }

                public static float PredictStatic(MLContext ml, ITransformer model, House house)
                {
                    using var engine = ml.Model.{|MLOPS502:CreatePredictionEngine<House, PricePrediction>(model)|};
                    return engine.Predict(house).Score;
                }
            }
            """;
        return VerifyFix(source, source);
    }
}
