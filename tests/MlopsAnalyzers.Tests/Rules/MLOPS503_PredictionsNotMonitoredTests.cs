using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS503_PredictionsNotMonitoredTests
{
    private const string Types = """

        public class House { public float Size; }
        public class PricePrediction { public float Score; }
        """;

    private static Task Verify(string source) => Verify<PredictionsNotMonitoredAnalyzer>.AnalyzerAsync(TestLibraries.Abstractions, source + Types + Stubs.AspNetCore);

    private static Task VerifyFix(string source, string fixedSource)
        => Verify<PredictionsNotMonitoredAnalyzer>.CodeFixAsync<PredictionsNotMonitoredCodeFix>(TestLibraries.Abstractions, source + Types, fixedSource + Types);

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task ServiceThatPredictsOncePerCall()
        => Verify("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }
            """);

    [Fact]
    public Task MessageNamesTheEngineAndWhy()
        => Verify<PredictionsNotMonitoredAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class PricePredictor
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Predict(House house) => _engine.Predict(house).Score;
            }
            """ + Types,
            new DiagnosticResult("MLOPS503", DiagnosticSeverity.Info)
                .WithSpan(9, 50, 9, 64)
                .WithArguments("_engine", "in 'Predict', which predicts once per call"));

    [Fact]
    public Task ControllerActionsAndMinimalApiHandlers()
        => Verify<PredictionsNotMonitoredAnalyzer>.ProgramAsync("""
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.ML;

            var app = WebApplication.Create(args);
            var ml = new MLContext(seed: 1);
            var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(ml.Model.Load("model.zip", out _));
            app.MapPost("/price", (House house) => engine.{|MLOPS503:Predict(house)|}.Score);
            app.Run();

            [ApiController]
            public class PricesController : ControllerBase
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricesController(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                [HttpPost]
                public List<float> Post(House[] houses)
                {
                    var prices = new List<float>();
                    foreach (var house in houses)
                    {
                        prices.Add(_engine.{|MLOPS503:Predict(house)|}.Score);
                    }

                    return prices;
                }
            }
            """ + Types + Stubs.AspNetCore);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task PredictionsInALoopOrALambdaAreBatchScoring()
        => Verify("""
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.ML;

            public class PriceScorer
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PriceScorer(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public List<float> ScoreAll(House[] houses)
                {
                    var scores = new List<float>();
                    foreach (var house in houses)
                    {
                        scores.Add(_engine.Predict(house).Score);
                    }

                    return scores;
                }

                public float[] ScoreEach(House[] houses) => houses.Select(house => _engine.Predict(house).Score).ToArray();
            }
            """);

    [Fact]
    public Task MonitoredEngineOrFedMonitor()
        => Verify("""
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class MonitoredPredictor
            {
                private readonly MonitoredPredictionEngine<House, PricePrediction> _engine;

                public MonitoredPredictor(PredictionEngine<House, PricePrediction> engine, DriftBaseline baseline)
                    => _engine = engine.WithDriftMonitoring(baseline);

                public float Predict(House house) => _engine.Predict(house).Score;
            }

            public class HandFedPredictor
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;
                private readonly DriftMonitor<House> _monitor;

                public HandFedPredictor(PredictionEngine<House, PricePrediction> engine, DriftMonitor<House> monitor)
                {
                    _engine = engine;
                    _monitor = monitor;
                }

                public float Predict(House house)
                {
                    _monitor.Observe(house);
                    return _engine.Predict(house).Score;
                }
            }
            """);

    [Fact]
    public Task BatchScoringConsoleCodeAndTrainThenTry()
        => Verify("""
            using System.Collections.Generic;
            using Microsoft.ML;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var ml = new MLContext(seed: 1);
                    var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(ml.Model.Load(args[0], out _));
                    System.Console.WriteLine(engine.Predict(new House { Size = float.Parse(args[1]) }).Score);
                }

                public static IEnumerable<float> ScoreAll(PredictionEngine<House, PricePrediction> engine, IEnumerable<House> houses)
                {
                    foreach (var house in houses)
                    {
                        yield return engine.Predict(house).Score;
                    }
                }

                public static float TrainAndTry(MLContext ml, IDataView data, House house)
                {
                    var model = ml.Regression.Trainers.Sdca("Score", "Size").Fit(data);
                    return ml.Model.CreatePredictionEngine<House, PricePrediction>(model).Predict(house).Score;
                }
            }
            """);

    // Batch jobs are not request serving: a batch helper calling the per-item method, a lock-guarded method given the
    // whole batch, a background worker's forecast.
    [Fact]
    public Task BatchHelpersLockGuardedBatchesAndWorkers()
        => Verify("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public BatchScorer(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float[] ScoreBatch(IEnumerable<House> houses) => houses.Select(h => Score(h)).ToArray();

                public void ScoreInto(List<House> houses, List<float> scores)
                {
                    foreach (var house in houses)
                    {
                        scores.Add(Score(house));
                    }
                }

                private float Score(House house) => _engine.Predict(house).Score;
            }

            public class LockedBatch
            {
                private readonly object _gate = new object();
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public LockedBatch(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float ScoreFirst(IReadOnlyList<House> batch)
                {
                    lock (_gate)
                    {
                        return _engine.Predict(batch[0]).Score;
                    }
                }
            }

            public class ForecastWorker : Microsoft.Extensions.Hosting.IHostedService
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public ForecastWorker(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Forecast(float size) => _engine.Predict(new House { Size = size }).Score;

                public Task StartAsync(CancellationToken token) => Task.CompletedTask;

                public Task StopAsync(CancellationToken token) => Task.CompletedTask;
            }

            namespace Microsoft.Extensions.Hosting
            {
                public interface IHostedService
                {
                    System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken token);
                    System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken token);
                }
            }
            """);

    [Fact]
    public Task APerCallMethodStillServesWhenTheTypeAlsoHasABatchMethod()
        => Verify("""
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.ML;

            public class PriceService
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PriceService(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;

                public float[] PredictAll(IEnumerable<House> houses) => houses.Select(h => _engine.Predict(h).Score).ToArray();
            }
            """);

    [Fact]
    public Task LookAlikesThatAreNotMlNetEngines()
        => Verify("""
            public class Engine { public float Predict(House house) => house.Size; }

            public class Scorer
            {
                private readonly Engine _engine = new Engine();

                public float Predict(House house) => _engine.Predict(house);
            }
            """);

    [Fact]
    public Task WithoutMlNet()
        => Verify<PredictionsNotMonitoredAnalyzer>.WithoutMlNetAsync("""
            public class PredictionEngine<TIn, TOut> { public TOut Predict(TIn input) => default; }
            public class Scorer
            {
                private readonly PredictionEngine<string, string> _engine = new PredictionEngine<string, string>();

                public string Predict(string input) => _engine.Predict(input);
            }
            """);

    [Theory]
    [InlineData("return _engine.Predict(")]
    [InlineData("return _engine.Predict(house, );")]
    [InlineData("return _engine.Predict();")]
    [InlineData("app.MapPost(\"/x\", (House h) => _engine.{|MLOPS503:Predict(h)|}.Score")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<PredictionsNotMonitoredAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            public class Typing
            {
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public object Score(House house, WebApplication app)
                {
                    {{body}}
                    return null;
                }
            }
            """ + Types + Stubs.AspNetCore);

    // ---------------------------------------------------------------- fix

    // The trainer registers "house-prices" with a baseline, so ReadDriftBaseline finds one.
    private const string HousePricesTrainer = """

        public static class Trainer
        {
            public static void Publish(MLContext ml, ITransformer model, IDataView data)
            {
                var registration = new ModelRegistration { Seed = 1 };
                registration = registration.AddDriftBaseline(data, "Score");
                ModelRegistry.Default.Register(ml, "house-prices", model, data.Schema, registration);
            }
        }
        """;

    [Fact]
    public Task FixWrapsTheEngineWithTheBaselineOfTheRegisteredVersion()
        => VerifyFix("""
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class PricePredictor
            {
                private const string ModelName = "house-prices";
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly ITransformer _model = ModelRegistry.Default.Load(Ml, ModelName, "production", out _);
                private readonly PredictionEngine<House, PricePrediction> _engine;

                public PricePredictor()
                {
                    // One engine per predictor.
                    _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(_model);
                }

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;

                public float PredictRounded(House house) => (float)System.Math.Round(_engine.{|MLOPS503:Predict(house)|}.Score);
            }

            public class LatestPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, "house-prices", out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }
            """ + HousePricesTrainer, """
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class PricePredictor
            {
                private const string ModelName = "house-prices";
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly ITransformer _model = ModelRegistry.Default.Load(Ml, ModelName, "production", out _);
                private readonly MonitoredPredictionEngine<House, PricePrediction> _engine;

                public PricePredictor()
                {
                    // One engine per predictor.
                    _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(_model).WithDriftMonitoring(ModelRegistry.Default.ReadDriftBaseline(ModelName, "production"));
                }

                public float Predict(House house) => _engine.Predict(house).Score;

                public float PredictRounded(House house) => (float)System.Math.Round(_engine.Predict(house).Score);
            }

            public class LatestPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly MonitoredPredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, "house-prices", out _)).WithDriftMonitoring(ModelRegistry.Default.ReadDriftBaseline("house-prices", ModelAliases.Latest));

                public float Predict(House house) => _engine.Predict(house).Score;
            }
            """ + HousePricesTrainer);

    [Fact]
    public async Task FixWhenAnotherDocumentRegistersTheModelWithABaseline()
    {
        var test = new CodeFixTest<PredictionsNotMonitoredAnalyzer, PredictionsNotMonitoredCodeFix>();
        TestLibraries.Abstractions.AddTo(test.TestState);
        TestLibraries.Abstractions.AddTo(test.FixedState);
        const string trainer = """
            using System.Threading.Tasks;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public static class Names
            {
                public static readonly string Churn = "churn";
            }

            public static class Trainer
            {
                public static async Task PublishAsync(IAsyncModelRegistry registry, MLContext ml, ITransformer model, IDataView data)
                {
                    var registration = new ModelRegistration { Seed = 1 }.AddDriftBaseline(data).AddTextArtifact("notes.txt", "trained nightly");
                    await registry.RegisterAsync(ml, Names.Churn, model, data.Schema, registration);
                }
            }
            """;
        test.TestState.Sources.Add(("Trainer.cs", trainer));
        test.TestState.Sources.Add(("Server.cs", """
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class ChurnPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, Names.Churn, "production", out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }

            public class ChurnAuditPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, Names.Churn, out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }
            """ + Types));
        test.FixedState.Sources.Add(("Trainer.cs", trainer));
        test.FixedState.Sources.Add(("Server.cs", """
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class ChurnPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly MonitoredPredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, Names.Churn, "production", out _)).WithDriftMonitoring(ModelRegistry.Default.ReadDriftBaseline(Names.Churn, "production"));

                public float Predict(House house) => _engine.Predict(house).Score;
            }

            public class ChurnAuditPredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly MonitoredPredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, Names.Churn, out _)).WithDriftMonitoring(ModelRegistry.Default.ReadDriftBaseline(Names.Churn, ModelAliases.Latest));

                public float Predict(House house) => _engine.Predict(house).Score;
            }
            """ + Types));
        await test.RunAsync();
    }

    // ReadDriftBaseline throws for a version registered without a baseline: the fix would make a working service fail
    // at start-up, so it is offered only when the solution shows every registration of the name adding one.
    [Theory]
    [InlineData("Without a baseline", "ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, new ModelRegistration { Seed = 1 });")]
    [InlineData("Without a registration", "ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema);")]
    [InlineData("Another name", "ModelRegistry.Default.Register(ml, \"house-prices-v2\", model, data.Schema, new ModelRegistration().AddDriftBaseline(data));")]
    [InlineData("Nothing registers it", "ml.Model.Save(model, data.Schema, \"house-prices.zip\");")]
    [InlineData("A baseline only on one branch", "var registration = new ModelRegistration(); if (data.Schema.Count > 1) { registration = registration.AddDriftBaseline(data); } ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, registration);")]
    [InlineData("Another registration without one", "ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, new ModelRegistration().AddDriftBaseline(data)); ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, new ModelRegistration());")]
    [InlineData("A registration of any name without one", "ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, new ModelRegistration().AddDriftBaseline(data)); Publish(ml, \"house-prices\", model, data); static void Publish(MLContext ml, string name, ITransformer model, IDataView data) => ModelRegistry.Default.Register(ml, name, model, data.Schema);")]
    public Task NoFixUnlessTheNameIsRegisteredWithABaseline(string why, string training)
    {
        _ = why;
        var source = PredictorAndTrainer(training);
        return VerifyFix(source, source);
    }

    // The control of the cases above: the same service and trainer, every registration adding a baseline (one of
    // them in a helper whose name is a parameter).
    [Fact]
    public Task FixWhenEveryRegistrationAddsABaseline()
    {
        const string training = "ModelRegistry.Default.Register(ml, \"house-prices\", model, data.Schema, new ModelRegistration().AddDriftBaseline(data)); "
            + "Publish(ml, \"house-prices\", model, data); "
            + "static void Publish(MLContext ml, string name, ITransformer model, IDataView data) => ModelRegistry.Default.Register(ml, name, model, data.Schema, new ModelRegistration().AddDriftBaseline(data));";
        var fixedSource = PredictorAndTrainer(training)
            .Replace("readonly PredictionEngine<House", "readonly MonitoredPredictionEngine<House", System.StringComparison.Ordinal)
            .Replace("_engine.{|MLOPS503:Predict(house)|}", "_engine.Predict(house)", System.StringComparison.Ordinal)
            .Replace("\"house-prices\", out _));", "\"house-prices\", out _)).WithDriftMonitoring(ModelRegistry.Default.ReadDriftBaseline(\"house-prices\", ModelAliases.Latest));", System.StringComparison.Ordinal);
        Assert.Contains("WithDriftMonitoring", fixedSource, System.StringComparison.Ordinal);
        return VerifyFix(PredictorAndTrainer(training), fixedSource);
    }

    /// <summary>A service that serves "house-prices" and a trainer whose <c>Train</c> body is <paramref name="training"/>.</summary>
    private static string PredictorAndTrainer(string training) => $$"""
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class PricePredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine =
                    Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, "house-prices", out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }

            public static class Trainer
            {
                public static void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    {{training}}
                }
            }
            """;

    [Fact]
    public Task NoFixWithoutARegisteredBaselineOrWithOtherUsesOfTheEngine()
    {
        const string source = """
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;
            using MlopsAnalyzers.Abstractions.Monitoring;

            public class FromFile
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(Ml.Model.Load("model.zip", out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }

            public class Exposed
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(ModelRegistry.Default.Load(Ml, "house-prices", out _));

                public PredictionEngine<House, PricePrediction> Engine => _engine;

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }
            """ + HousePricesTrainer;
        return VerifyFix(source, source);
    }

    [Fact]
    public Task NoFixWithoutTheRuntimeLibrary()
    {
        const string source = """
            using Microsoft.ML;

            public class PricePredictor
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);
                private readonly PredictionEngine<House, PricePrediction> _engine = Ml.Model.CreatePredictionEngine<House, PricePrediction>(Ml.Model.Load("model.zip", out _));

                public float Predict(House house) => _engine.{|MLOPS503:Predict(house)|}.Score;
            }
            """;
        return Verify<PredictionsNotMonitoredAnalyzer>.CodeFixAsync<PredictionsNotMonitoredCodeFix>(source + Types, source + Types);
    }
}
