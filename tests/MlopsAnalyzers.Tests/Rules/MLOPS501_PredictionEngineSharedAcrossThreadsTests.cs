using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS501_PredictionEngineSharedAcrossThreadsTests
{
    private const string Types = """

        public class Customer { public float Tenure; public float Charges; }
        public class ChurnPrediction { public bool PredictedLabel; public float Probability; }
        """;

    /// <summary>Dependency injection, Microsoft.Extensions.ML's pool and its builder, as a web app references them.</summary>
    private const string Web = Types + Stubs.DependencyInjection + Stubs.ExtensionsMlPool + Stubs.PredictionEnginePoolBuilder + Stubs.ExtensionsMlServices;

    // ---------------------------------------------------------------- flagged: static members

    [Fact]
    public Task StaticField()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext();
                private static readonly PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} =
                    Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _));

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task MessageSaysWhyAndWhatToDo()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Scorer
            {
                public static PredictionEngine<Customer, ChurnPrediction> Engine;
            }
            """ + Types,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS501")
                .WithSpan(5, 63, 5, 69)
                .WithArguments("The static field 'Engine' hands one engine to every thread"));

    [Fact]
    public Task StaticAutoPropertyAndStaticFieldAssignedInAStaticConstructor()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:_engine|};

                static Scorer()
                {
                    var ml = new MLContext();
                    _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                    Current = _engine;
                }

                public static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Current|} { get; private set; }

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task StaticLazyEngine()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> {|MLOPS501:Engine|} = new(() =>
                {
                    var ml = new MLContext();
                    return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                });

                public static bool Churns(Customer customer) => Engine.Value.Predict(customer).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task TypeDerivedFromPredictionEngineBase()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class Scorer
            {
                public static PredictionEngineBase<Customer, ChurnPrediction> {|MLOPS501:Engine|} { get; set; }
            }
            """ + Types);

    [Fact]
    public Task StaticFieldUsedOutsideTheLockToo()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                private static readonly object Gate = new object();
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:_engine|};

                public static void Load(PredictionEngine<Customer, ChurnPrediction> engine) => _engine = engine;

                public bool Churns(Customer customer)
                {
                    lock (Gate)
                    {
                        return _engine.Predict(customer).PredictedLabel;
                    }
                }

                public float Probability(Customer customer) => _engine.Predict(customer).Probability;
            }
            """ + Types);

    [Fact]
    public Task LockedUseThatEscapesInALambda()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;

            public class Scorer
            {
                private static readonly object Gate = new object();
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:_engine|};

                public Func<Customer, bool> Predictor()
                {
                    lock (Gate)
                    {
                        return c => _engine.Predict(c).PredictedLabel;
                    }
                }
            }
            """ + Types);

    [Fact]
    public Task PrivateStaticFieldUsedWithoutALockFromANestedType()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                private static readonly object Gate = new object();
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:_engine|};

                public bool Churns(Customer customer)
                {
                    lock (Gate) { return _engine.Predict(customer).PredictedLabel; }
                }

                public class Batch
                {
                    public float Probability(Customer customer) => _engine.Predict(customer).Probability;
                }
            }
            """ + Types);

    [Fact]
    public Task NonPrivateStaticFieldInALockedType()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                internal static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|};

                public bool Churns(Customer customer)
                {
                    lock (typeof(Scorer))
                    {
                        return Engine.Predict(customer).PredictedLabel;
                    }
                }
            }
            """ + Types);

    // ---------------------------------------------------------------- flagged: dependency injection

    [Theory]
    [InlineData("AddSingleton(engine)")]
    [InlineData("AddSingleton<PredictionEngine<Customer, ChurnPrediction>>(engine)")]
    [InlineData("AddSingleton(sp => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(\"model.zip\", out _)))")]
    [InlineData("AddSingleton(typeof(PredictionEngine<Customer, ChurnPrediction>), engine)")]
    [InlineData("AddSingleton<PredictionEngine<Customer, ChurnPrediction>>()")]
    public Task EngineRegisteredAsASingleton(string registration)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml, PredictionEngine<Customer, ChurnPrediction> engine)
                {
                    services.{|MLOPS501:{{registration}}|};
                }
            }
            """ + Web);

    [Theory]
    [InlineData("AddSingleton<IChurnScorer, ChurnScorer>()")]
    [InlineData("AddSingleton<ChurnScorer>()")]
    [InlineData("AddSingleton<IChurnScorer>(sp => new ChurnScorer())")]
    [InlineData("AddSingleton(typeof(IChurnScorer), typeof(ChurnScorer))")]
    [InlineData("AddSingleton<IChurnScorer>(new ChurnScorer())")]
    public Task ClassHoldingAnEngineRegisteredAsASingleton(string registration)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public interface IChurnScorer { bool Churns(Customer customer); }

            public class ChurnScorer : IChurnScorer
            {
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                public ChurnScorer()
                {
                    var ml = new MLContext();
                    _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                }

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel;
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.{|MLOPS501:{{registration}}|};
            }
            """ + Web);

    [Fact]
    public Task MessageNamesTheSingletonAndItsField()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public class ChurnScorer
            {
                public PredictionEngine<Customer, ChurnPrediction> Engine { get; set; }
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.AddSingleton<ChurnScorer>();
            }
            """ + Web,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS501")
                .WithSpan(11, 75, 11, 102)
                .WithArguments("'ChurnScorer', registered as a singleton, keeps an engine in its property 'Engine' that every request shares"));

    [Fact]
    public Task HostedServiceWithAnEngineInABaseClass()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.ML;

            public abstract class ScoringWorker
            {
                protected PredictionEngine<Customer, ChurnPrediction> Engine;
            }

            public sealed class ChurnWorker : ScoringWorker, IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.{|MLOPS501:AddHostedService<ChurnWorker>()|};
            }
            """ + Web);

    // ---------------------------------------------------------------- flagged: delegates run on other threads

    [Theory]
    [InlineData("Parallel.For(0, customers.Length, i => results[i] = {|MLOPS501:engine|}.Predict(customers[i]).PredictedLabel);")]
    [InlineData("Parallel.ForEach(customers, c => { var p = {|MLOPS501:engine|}.Predict(c); });")]
    [InlineData("Parallel.ForEach(customers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, delegate (Customer c) { {|MLOPS501:engine|}.Predict(c); });")]
    [InlineData("Parallel.Invoke(() => {|MLOPS501:engine|}.Predict(customers[0]), () => engine.Predict(customers[1]));")]
    [InlineData("var tasks = customers.Select(c => Task.Run(() => {|MLOPS501:engine|}.Predict(c))).ToArray();")]
    [InlineData("foreach (var c in customers) { _ = Task.Factory.StartNew(() => {|MLOPS501:engine|}.Predict(c)); }")]
    public Task LocalEngineCapturedByConcurrentDelegates(string statement)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync($$"""
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public bool[] Score(MLContext ml, ITransformer model, Customer[] customers)
                {
                    var results = new bool[customers.Length];
                    var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    {{statement}}
                    return results;
                }
            }
            """ + Types);

    [Fact]
    public Task ParameterAndInstanceFieldCapturedByAParallelLoop()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                public BatchScorer(PredictionEngine<Customer, ChurnPrediction> engine) => _engine = engine;

                public void Score(Customer[] customers, PredictionEngine<Customer, ChurnPrediction> other)
                {
                    Parallel.ForEach(customers, c =>
                    {
                        {|MLOPS501:_engine|}.Predict(c);
                        {|MLOPS501:other|}.Predict(c);
                        _engine.Predict(c);
                    });
                }
            }
            """ + Types);

    [Fact]
    public Task TopLevelProgramScoringInParallel()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.ProgramAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            var ml = new MLContext();
            var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
            var customers = new[] { new Customer(), new Customer() };
            await Parallel.ForEachAsync(customers, async (c, ct) => {|MLOPS501:engine|}.Predict(c));
            """ + Types);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task EngineLocalToAMethodAndInstanceFieldOfAnOrdinaryClass()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Scorer
            {
                private readonly MLContext _ml = new MLContext();
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                public Scorer(ITransformer model) => _engine = _ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel;

                public bool Once(ITransformer model, Customer customer)
                {
                    var engine = _ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    return engine.Predict(customer).PredictedLabel;
                }
            }
            """ + Types);

    [Fact]
    public Task EngineCreatedInsideTheDelegate()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public void Score(MLContext ml, ITransformer model, Customer[] customers)
                {
                    Parallel.For(0, customers.Length, i =>
                    {
                        var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                        engine.Predict(customers[i]);
                    });

                    Parallel.ForEach(
                        customers,
                        () => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model),
                        (c, state, engine) => { engine.Predict(c); return engine; },
                        engine => engine.Dispose());

                    var tasks = customers.Select(c => Task.Run(() =>
                    {
                        using var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                        return engine.Predict(c);
                    })).ToArray();

                    foreach (var c in customers)
                    {
                        var perCustomer = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                        _ = Task.Run(() => perCustomer.Predict(c));
                    }
                }
            }
            """ + Types);

    [Fact]
    public Task TasksAwaitedOneAtATimeAndASingleInvokeAction()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public async Task Score(PredictionEngine<Customer, ChurnPrediction> engine, Customer[] customers)
                {
                    foreach (var c in customers)
                    {
                        await Task.Run(() => engine.Predict(c));
                        Task.Run(() => engine.Predict(c)).Wait();
                        var p = Task.Factory.StartNew(() => engine.Predict(c)).Result;
                    }

                    var single = Task.Run(() => engine.Predict(customers[0]));
                    await single;
                    Parallel.Invoke(() => engine.Predict(customers[0]), () => System.Console.WriteLine());
                }
            }
            """ + Types);

    [Fact]
    public Task UsesUnderALockInsideTheDelegate()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public void Score(PredictionEngine<Customer, ChurnPrediction> engine, Customer[] customers)
                {
                    var gate = new object();
                    Parallel.ForEach(customers, c =>
                    {
                        lock (gate)
                        {
                            engine.Predict(c);
                        }
                    });
                }
            }
            """ + Types);

    [Fact]
    public Task StaticFieldOnlyUsedUnderALock()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public partial class Scorer
            {
                private static readonly object Gate = new object();
                private static PredictionEngine<Customer, ChurnPrediction> _engine;

                static Scorer()
                {
                    var ml = new MLContext();
                    _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                }

                public bool Churns(Customer customer)
                {
                    lock (Gate)
                    {
                        return _engine.Predict(customer).PredictedLabel;
                    }
                }
            }

            public partial class Scorer
            {
                public float Probability(Customer customer)
                {
                    lock (Gate) { return Scorer._engine.Predict(customer).Probability; }
                }
            }
            """ + Types);

    [Fact]
    public Task ThreadStaticThreadLocalObjectPoolAndPredictionEnginePool()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System;
            using System.Threading;
            using Microsoft.Extensions.ML;
            using Microsoft.Extensions.ObjectPool;
            using Microsoft.ML;

            public static class Scorers
            {
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction> PerThread;

                private static readonly ThreadLocal<PredictionEngine<Customer, ChurnPrediction>> Local = new(() => Create());

                private static readonly ObjectPool<PredictionEngine<Customer, ChurnPrediction>> Pooled = new DefaultObjectPool<PredictionEngine<Customer, ChurnPrediction>>(new Policy());

                public static PredictionEnginePool<Customer, ChurnPrediction> Pool { get; set; }

                private static readonly MLContext Ml = new MLContext();

                private static PredictionEngine<Customer, ChurnPrediction> Create()
                    => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _));

                public static PredictionEngine<Customer, ChurnPrediction> Fresh => Create();

                public static bool Churns(Customer c)
                {
                    PerThread ??= Create();
                    var engine = Pooled.Get();
                    try
                    {
                        return PerThread.Predict(c).PredictedLabel && Local.Value.Predict(c).PredictedLabel && engine.Predict(c).PredictedLabel && Pool.Predict(c).PredictedLabel;
                    }
                    finally
                    {
                        Pooled.Return(engine);
                    }
                }

                private sealed class Policy : IPooledObjectPolicy<PredictionEngine<Customer, ChurnPrediction>>
                {
                    public PredictionEngine<Customer, ChurnPrediction> Create() => Scorers.Create();
                    public bool Return(PredictionEngine<Customer, ChurnPrediction> obj) => true;
                }
            }
            """ + Types + Stubs.ObjectPool + Stubs.ExtensionsMlPool);

    [Fact]
    public Task TransientAndScopedServicesAndThePool()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;
            using Microsoft.ML;

            public interface IChurnScorer { bool Churns(Customer customer); }

            public class ChurnScorer : IChurnScorer
            {
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                public ChurnScorer(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel;
            }

            public class PooledScorer
            {
                private readonly PredictionEnginePool<Customer, ChurnPrediction> _pool;

                public PooledScorer(PredictionEnginePool<Customer, ChurnPrediction> pool) => _pool = pool;
            }

            public class LockedScorer
            {
                private readonly object _gate = new object();
                private PredictionEngine<Customer, ChurnPrediction> _engine;

                public bool Churns(Customer customer)
                {
                    lock (_gate) { return _engine.Predict(customer).PredictedLabel; }
                }
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml, ITransformer model)
                {
                    services.AddScoped<IChurnScorer, ChurnScorer>();
                    services.AddTransient<ChurnScorer>(sp => new ChurnScorer(ml, model));
                    services.AddScoped(sp => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model));
                    services.AddSingleton<PooledScorer>();
                    services.AddSingleton<LockedScorer>();
                    services.AddSingleton(ml);
                    services.AddPredictionEnginePool<Customer, ChurnPrediction>().FromFile("model.zip");
                }
            }
            """ + Web);

    [Fact]
    public Task LookAlikeUserTypeNamedPredictionEngine()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.AnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            namespace MyCompany.Scoring
            {
                public class PredictionEngine<TIn, TOut> where TOut : new()
                {
                    public TOut Predict(TIn input) => new TOut();
                }

                public static class Shared
                {
                    public static readonly PredictionEngine<Customer, ChurnPrediction> Engine = new PredictionEngine<Customer, ChurnPrediction>();

                    public static void Score(IServiceCollection services, Customer[] customers)
                    {
                        services.AddSingleton(Engine);
                        var engine = new PredictionEngine<Customer, ChurnPrediction>();
                        Parallel.ForEach(customers, c => engine.Predict(c));
                    }
                }
            }
            """ + Web);

    [Fact]
    public Task WithoutMlNet()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.WithoutMlNetAsync("""
            using System.Threading.Tasks;

            public class PredictionEngine<TIn, TOut> where TOut : new()
            {
                public TOut Predict(TIn input) => new TOut();
            }

            public static class Shared
            {
                public static readonly PredictionEngine<string, object> Engine = new PredictionEngine<string, object>();

                public static void Score(string[] rows) => Parallel.ForEach(rows, r => Engine.Predict(r));
            }
            """);

    // ---------------------------------------------------------------- incomplete code

    [Theory]
    [InlineData("internal static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} = ")]
    [InlineData("internal static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} { get; } = Ml.Model.")]
    [InlineData("private static PredictionEngine<Customer, ChurnPrediction> Engine = Ml.Model.CreatePredictionEngine<Customer, ")]
    [InlineData("private static PredictionEngine<Customer, Engine")]
    [InlineData("public void Score(PredictionEngine<Customer, ChurnPrediction> engine, Customer[] customers) { Parallel.ForEach(customers, c => engine.Predict(")]
    [InlineData("public void Score(PredictionEngine<Customer, ChurnPrediction> engine, Customer[] customers) { Parallel.ForEach(customers, c => {|MLOPS501:engine|}.Predict(c)); ")]
    [InlineData("public void Score(PredictionEngine<Customer, ChurnPrediction> engine) { Parallel.Invoke(() => engine.Predict(null), ")]
    [InlineData("public void Configure(IServiceCollection services) { services.AddSingleton<")]
    [InlineData("public void Configure(IServiceCollection services) { services.AddSingleton(typeof(")]
    [InlineData("public void Configure(IServiceCollection services) { Task.Run(() => engine.")]
    [InlineData("private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> Engine = new(() => ")]
    public Task IncompleteCodeDoesNotThrow(string member)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.IncompleteCodeAsync($$"""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public class Scorer
            {
                private static readonly MLContext Ml = new MLContext();
                {{member}}
            """ + Web);

    // ---------------------------------------------------------------- code fix

    [Fact]
    public Task StaticFieldBecomesAPropertyOverAThreadStaticEngine()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext();

                // One engine for the process.
                private static readonly PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} =
                    Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _)); // loaded once

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;

                public static float Probability(Customer customer) => Scorer.Engine.Predict(customer).Probability;

                public static ChurnPrediction Score(Customer customer) => Predict(Engine, customer);

                private static ChurnPrediction Predict(PredictionEngine<Customer, ChurnPrediction> engine, Customer customer) => engine?.Predict(customer);
            }
            """ + Types, """
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext();

                // One engine for the process.
                [System.ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? engineOfThisThread;
                private static PredictionEngine<Customer, ChurnPrediction> Engine =>
                    engineOfThisThread ??= Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _)); // loaded once

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;

                public static float Probability(Customer customer) => Scorer.Engine.Predict(customer).Probability;

                public static ChurnPrediction Score(Customer customer) => Predict(Engine, customer);

                private static ChurnPrediction Predict(PredictionEngine<Customer, ChurnPrediction> engine, Customer customer) => engine?.Predict(customer);
            }
            """ + Types);

    [Fact]
    public Task FixAllInADocumentWithAStaticAutoProperty()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using System;
            using System.Threading;
            using Microsoft.ML;

            public class Scorers
            {
                private static readonly MLContext Ml = new MLContext();
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:_churn|} = Create();
                internal static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Backup|} { get; } = Create();

                private static PredictionEngine<Customer, ChurnPrediction> Create()
                    => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _));

                public bool Churns(Customer c) => _churn.Predict(c).PredictedLabel || Backup.Predict(c).PredictedLabel;
            }
            """ + Types, """
            using System;
            using System.Threading;
            using Microsoft.ML;

            public class Scorers
            {
                private static readonly MLContext Ml = new MLContext();
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? _churnOfThisThread;
                private static PredictionEngine<Customer, ChurnPrediction> _churn => _churnOfThisThread ??= Create();
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? backupOfThisThread;
                internal static PredictionEngine<Customer, ChurnPrediction> Backup => backupOfThisThread ??= Create();

                private static PredictionEngine<Customer, ChurnPrediction> Create()
                    => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _));

                public bool Churns(Customer c) => _churn.Predict(c).PredictedLabel || Backup.Predict(c).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task NoFixWithoutAnInitializerOrWithUsesElsewhereOrWrites()
    {
        const string source = """
            using System;
            using Microsoft.ML;

            public static class Scorer
            {
                public static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Assigned|};
                public static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Null|} = null;
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Written|} = Create();
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:ByRef|} = Create();
                private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> {|MLOPS501:Lazy|} = new(Create);
                private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> {|MLOPS501:LazyBlock|} = new(() => { return Create(); });
                private static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:First|} = Create(), {|MLOPS501:Second|} = Create();

                private static PredictionEngine<Customer, ChurnPrediction> Create() => null!;

                public static void Reload()
                {
                    Assigned = Create();
                    Written = Create();
                    Swap(ref ByRef);
                }

                private static void Swap(ref PredictionEngine<Customer, ChurnPrediction> engine) => engine = Create();

                public static object Read() => Written ?? (Lazy.IsValueCreated ? Lazy.Value : null) ?? LazyBlock.Value ?? First ?? Second;
            }
            """ + Types;
        return Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>(source, source);
    }

    [Fact]
    public Task NoFixForRegistrationsAndCapturedEngines()
    {
        const string source = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, PredictionEngine<Customer, ChurnPrediction> engine, Customer[] customers)
                {
                    services.{|MLOPS501:AddSingleton(engine)|};
                    Parallel.ForEach(customers, c => {|MLOPS501:engine|}.Predict(c));
                }
            }
            """ + Web;
        return Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>(source, source);
    }

    [Fact]
    public Task FixNamesTheAttributeWhenAClassNamedThreadStaticIsInScope()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using System;
            using Microsoft.ML;

            public class ThreadStatic { }

            public static class Scorer
            {
                private static readonly PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} = Create();

                private static PredictionEngine<Customer, ChurnPrediction> Create()
                    => new MLContext(seed: 1).Model.CreatePredictionEngine<Customer, ChurnPrediction>(new MLContext(seed: 1).Model.Load("model.zip", out _));

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
            }
            """ + Types, """
            using System;
            using Microsoft.ML;

            public class ThreadStatic { }

            public static class Scorer
            {
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? engineOfThisThread;
                private static PredictionEngine<Customer, ChurnPrediction> Engine => engineOfThisThread ??= Create();

                private static PredictionEngine<Customer, ChurnPrediction> Create()
                    => new MLContext(seed: 1).Model.CreatePredictionEngine<Customer, ChurnPrediction>(new MLContext(seed: 1).Model.Load("model.zip", out _));

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task BeforeCSharp8TheEngineIsCreatedWithoutCoalescingAssignmentAndWithoutAnnotation()
    {
        var test = new CodeFixTest<PredictionEngineSharedAcrossThreadsAnalyzer, PredictionEngineSharedAcrossThreadsCodeFix>
        {
            LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3,
            TestCode = """
                using System;
                using Microsoft.ML;

                internal static class Scorer
                {
                    internal static PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Engine|} { get; } = Create();

                    private static PredictionEngine<Customer, ChurnPrediction> Create()
                    {
                        var ml = new MLContext(seed: 1);
                        return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                    }

                    public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
                }
                """ + Types,
            FixedCode = """
                using System;
                using Microsoft.ML;

                internal static class Scorer
                {
                    [ThreadStatic]
                    private static PredictionEngine<Customer, ChurnPrediction> engineOfThisThread;
                    internal static PredictionEngine<Customer, ChurnPrediction> Engine => engineOfThisThread ?? (engineOfThisThread = Create());

                    private static PredictionEngine<Customer, ChurnPrediction> Create()
                    {
                        var ml = new MLContext(seed: 1);
                        return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _));
                    }

                    public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
                }
                """ + Types,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task StaticLazyEngineBecomesAPropertyAndItsValueReadsTheProperty()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using System;
            using System.Threading;
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);

                // Created on first use.
                private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> {|MLOPS501:Engine|} = new(() => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _)));
                private static readonly Lazy<PredictionEngine<Customer, ChurnPrediction>> {|MLOPS501:Backup|} = new Lazy<PredictionEngine<Customer, ChurnPrediction>>(CreateBackup, LazyThreadSafetyMode.ExecutionAndPublication);

                private static PredictionEngine<Customer, ChurnPrediction> CreateBackup()
                    => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("backup.zip", out _));

                public static bool Churns(Customer customer) => Engine.Value.Predict(customer).PredictedLabel && Scorer.Backup.Value.Predict(customer).PredictedLabel;
            }
            """ + Types, """
            using System;
            using System.Threading;
            using Microsoft.ML;

            public static class Scorer
            {
                private static readonly MLContext Ml = new MLContext(seed: 1);

                // Created on first use.
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? engineOfThisThread;
                private static PredictionEngine<Customer, ChurnPrediction> Engine => engineOfThisThread ??= Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("model.zip", out _));
                [ThreadStatic]
                private static PredictionEngine<Customer, ChurnPrediction>? backupOfThisThread;
                private static PredictionEngine<Customer, ChurnPrediction> Backup => backupOfThisThread ??= CreateBackup();

                private static PredictionEngine<Customer, ChurnPrediction> CreateBackup()
                    => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Ml.Model.Load("backup.zip", out _));

                public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel && Scorer.Backup.Predict(customer).PredictedLabel;
            }
            """ + Types);

    [Fact]
    public Task PublicStaticFieldReadInAnotherDocumentKeepsItsNameAndType()
    {
        var test = new CodeFixTest<PredictionEngineSharedAcrossThreadsAnalyzer, PredictionEngineSharedAcrossThreadsCodeFix>
        {
            TestCode = """
                using System;
                using Microsoft.ML;

                public static class Engines
                {
                    public static readonly PredictionEngine<Customer, ChurnPrediction> {|MLOPS501:Churn|} =
                        new MLContext(seed: 1).Model.CreatePredictionEngine<Customer, ChurnPrediction>(new MLContext(seed: 1).Model.Load("model.zip", out _));
                }
                """ + Types,
            FixedCode = """
                using System;
                using Microsoft.ML;

                public static class Engines
                {
                    [ThreadStatic]
                    private static PredictionEngine<Customer, ChurnPrediction>? churnOfThisThread;
                    public static PredictionEngine<Customer, ChurnPrediction> Churn =>
                        churnOfThisThread ??= new MLContext(seed: 1).Model.CreatePredictionEngine<Customer, ChurnPrediction>(new MLContext(seed: 1).Model.Load("model.zip", out _));
                }
                """ + Types,
        };
        const string consumer = """
            public class ChurnEndpoint
            {
                public bool Post(Customer customer) => Engines.Churn.Predict(customer).PredictedLabel;

                public string Name => nameof(Engines.Churn);
            }
            """;
        test.TestState.Sources.Add(("/Endpoint.cs", consumer));
        test.FixedState.Sources.Add(("/Endpoint.cs", consumer));
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- code fix: parallel loops

    [Fact]
    public Task ParallelLoopsCreateOneEnginePerWorker_FixAll()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public bool[] Score(MLContext ml, ITransformer model, Customer[] customers)
                {
                    var results = new bool[customers.Length];
                    var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    Parallel.For(0, customers.Length, i => results[i] = {|MLOPS501:engine|}.Predict(customers[i]).PredictedLabel);
                    return results;
                }

                public void Log(MLContext ml, ITransformer model, Customer[] customers)
                {
                    var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    Parallel.ForEach(customers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (c, state) =>
                    {
                        var p = {|MLOPS501:engine|}.Predict(c);
                        Console.WriteLine(p.Probability);
                    });
                    Console.WriteLine(engine.Predict(customers[0]).Probability);
                }
            }
            """ + Types, """
            using System;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public bool[] Score(MLContext ml, ITransformer model, Customer[] customers)
                {
                    var results = new bool[customers.Length];
                    Parallel.For(0, customers.Length, () => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model), (i, _, engine) => { results[i] = engine.Predict(customers[i]).PredictedLabel; return engine; }, engine => engine.Dispose());
                    return results;
                }

                public void Log(MLContext ml, ITransformer model, Customer[] customers)
                {
                    var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    Parallel.ForEach(customers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, () => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model), (c, state, engine) =>
                    {
                        var p = engine.Predict(c);
                        Console.WriteLine(p.Probability);
                        return engine;
                    }, engine => engine.Dispose());
                    Console.WriteLine(engine.Predict(customers[0]).Probability);
                }
            }
            """ + Types);

    [Fact]
    public Task LoopFixInTopLevelStatements()
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>("""
            using System.Threading.Tasks;
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load("model.zip", out _);
            var customers = new Customer[10];
            var results = new bool[customers.Length];
            var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
            Parallel.For(0, customers.Length, i => results[i] = {|MLOPS501:engine|}.Predict(customers[i]).PredictedLabel);
            System.Console.WriteLine(results.Length);
            """ + Types, """
            using System.Threading.Tasks;
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load("model.zip", out _);
            var customers = new Customer[10];
            var results = new bool[customers.Length];
            Parallel.For(0, customers.Length, () => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model), (i, _, engine) => { results[i] = engine.Predict(customers[i]).PredictedLabel; return engine; }, engine => engine.Dispose());
            System.Console.WriteLine(results.Length);
            """ + Types, program: true);

    [Theory]
    [InlineData("Parallel.Invoke(() => {|MLOPS501:engine|}.Predict(customers[0]), () => engine.Predict(customers[1]));")]
    [InlineData("var tasks = customers.Select(c => Task.Run(() => {|MLOPS501:engine|}.Predict(c))).ToArray();")]
    [InlineData("Parallel.ForEach(customers, c => { if (c is null) return; {|MLOPS501:engine|}.Predict(c); });")]
    [InlineData("Parallel.ForEach(customers, delegate (Customer c) { {|MLOPS501:engine|}.Predict(c); });")]
    [InlineData("model = null!; Parallel.ForEach(customers, c => {|MLOPS501:engine|}.Predict(c));")]
    [InlineData("Parallel.ForEach(customers, c => {|MLOPS501:other|}.Predict(c));")]
    public Task NoLoopFixWhereTheShapeOrTheEngineIsNotCertain(string statement)
    {
        var source = $$"""
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.ML;

            public class BatchScorer
            {
                public void Score(MLContext ml, ITransformer model, Customer[] customers, PredictionEngine<Customer, ChurnPrediction> other)
                {
                    var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                    {{statement}}
                }
            }
            """ + Types;
        return Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>(source, source);
    }

    // ---------------------------------------------------------------- code fix: PredictionEnginePool

    private const string PoolConsumer = """
        using Microsoft.ML;

        public class ChurnScorer
        {
            public ChurnScorer(PredictionEngine<Customer, ChurnPrediction> engine) => Engine = engine;

            private PredictionEngine<Customer, ChurnPrediction> Engine { get; }

            public bool Churns(Customer customer) => this.Engine.Predict(customer).PredictedLabel;
        }
        """;

    private const string PoolConsumerFixed = """
        using Microsoft.Extensions.ML;
        using Microsoft.ML;

        public class ChurnScorer
        {
            public ChurnScorer(PredictionEnginePool<Customer, ChurnPrediction> engine) => Engine = engine;

            private PredictionEnginePool<Customer, ChurnPrediction> Engine { get; }

            public bool Churns(Customer customer) => this.Engine.Predict(customer).PredictedLabel;
        }
        """;

    [Fact]
    public Task SingletonRegistrationBecomesAPoolAndItsConsumersFollow()
    {
        var test = new CodeFixTest<PredictionEngineSharedAcrossThreadsAnalyzer, PredictionEngineSharedAcrossThreadsCodeFix>
        {
            TestCode = """
                using System;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.ML;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services, MLContext ml)
                    {
                        var model = ml.Model.Load("models/churn.zip", out _);
                        var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                        // One engine for every request.
                        services.{|MLOPS501:AddSingleton(engine)|}; // registered once
                    }
                }

                public class ChurnController
                {
                    private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                    public ChurnController(PredictionEngine<Customer, ChurnPrediction> engine)
                    {
                        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
                    }

                    public ChurnPrediction Post(Customer customer) => _engine.Predict(customer);
                }
                """ + Web,
            FixedCode = """
                using System;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.ML;
                using Microsoft.ML;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services, MLContext ml)
                    {
                        var model = ml.Model.Load("models/churn.zip", out _);
                        var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
                        // One engine for every request.
                        services.AddPredictionEnginePool<Customer, ChurnPrediction>().FromFile("models/churn.zip"); // registered once
                    }
                }

                public class ChurnController
                {
                    private readonly PredictionEnginePool<Customer, ChurnPrediction> _engine;

                    public ChurnController(PredictionEnginePool<Customer, ChurnPrediction> engine)
                    {
                        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
                    }

                    public ChurnPrediction Post(Customer customer) => _engine.Predict(customer);
                }
                """ + Web,
        };
        test.TestState.Sources.Add(("/ChurnScorer.cs", PoolConsumer));
        test.FixedState.Sources.Add(("/ChurnScorer.cs", PoolConsumerFixed));
        return test.RunAsync();
    }

    [Fact]
    public Task PoolFixReachesConsumersInAnotherProject()
    {
        const string registration = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.{|MLOPS501:AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _)))|};
                }
            }
            """;
        const string registrationFixed = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.AddPredictionEnginePool<Customer, ChurnPrediction>().FromFile("model.zip");
                }
            }
            """;
        var test = new CodeFixTest<PredictionEngineSharedAcrossThreadsAnalyzer, PredictionEngineSharedAcrossThreadsCodeFix>
        {
            TestCode = registration + Web,
            FixedCode = registrationFixed + Web,
        };
        foreach (var (state, consumer) in new[] { (test.TestState, PoolConsumer), (test.FixedState, PoolConsumerFixed) })
        {
            var project = state.AdditionalProjects["Consumers"];
            project.Sources.Add(("/Consumers/ChurnScorer.cs", consumer));
            project.AdditionalReferences.AddRange(TestReferences.Net80);
            project.AdditionalReferences.AddRange(TestReferences.MlNet);
            project.AdditionalProjectReferences.Add("TestProject");
        }

        return test.RunAsync();
    }

    [Theory]
    [InlineData("AddSingleton<PredictionEngine<Customer, ChurnPrediction>>(sp => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(ModelPath, out _)))", "ModelPath")]
    [InlineData("AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(\"model.zip\", out var schema)))", "\"model.zip\"")]
    [InlineData("AddSingleton<PredictionEngine<Customer, ChurnPrediction>>(sp => { return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(Folder + \"model.zip\", out _)); })", "Folder + \"model.zip\"")]
    [InlineData("AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load(Startup.Folder + \"model.zip\", out _)))", "Startup.Folder + \"model.zip\"")]
    public Task FactoryAndInlineRegistrationsBecomeAPool(string registration, string path)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>($$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                private const string Folder = "models/";
                private const string ModelPath = Folder + "churn.zip";

                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.{|MLOPS501:{{registration}}|};
                }
            }
            """ + Web + PoolConsumer.Replace("using Microsoft.ML;", ""), $$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.ML;
            using Microsoft.ML;

            public static class Startup
            {
                private const string Folder = "models/";
                private const string ModelPath = Folder + "churn.zip";

                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.AddPredictionEnginePool<Customer, ChurnPrediction>().FromFile({{path}});
                }
            }
            """ + Web + PoolConsumerFixed.Replace("using Microsoft.Extensions.ML;\n", "").Replace("using Microsoft.ML;", ""));

    [Fact]
    public Task NoPoolFixWithoutMicrosoftExtensionsMl()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.{|MLOPS501:AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _)))|};
                }
            }
            """ + Types + Stubs.DependencyInjection;
        return Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>(source, source);
    }

    [Theory]
    [InlineData("string path", "ml.Model.Load(path, out _)", "")]
    [InlineData("string path", "model", "var model = ml.Model.Load(\"model.zip\", out _); model = ml.Model.Load(path, out _);")]
    [InlineData("ITransformer model", "model", "")]
    [InlineData("string path", "ml.Model.Load(\"model.zip\", out _), ignoreMissingColumns: false", "")]
    public Task NoPoolFixWhenThePathOrModelIsNotCertain(string parameter, string model, string before)
        => NoPoolFix($$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml, {{parameter}})
                {
                    {{before}}
                    services.{|MLOPS501:AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>({{model}}))|};
                }
            }

            public class ChurnScorer
            {
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

                public ChurnScorer(PredictionEngine<Customer, ChurnPrediction> engine) => _engine = engine;

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel;
            }
            """ + Web);

    [Theory]
    [InlineData("public ChurnPrediction Score(Customer c) { var p = new ChurnPrediction(); _engine.Predict(c, ref p); return p; }")]
    [InlineData("public void Dispose() => _engine.Dispose();")]
    [InlineData("public PredictionEngine<Customer, ChurnPrediction> Engine => _engine;")]
    [InlineData("public ChurnPrediction Score(Customer c) => _engine?.Predict(c);")]
    [InlineData("public static ChurnScorer Create(PredictionEngine<Customer, ChurnPrediction> e) => new ChurnScorer(e);")]
    [InlineData("public void Swap(PredictionEngine<Customer, ChurnPrediction> other) => _other = other;")]
    [InlineData("private static readonly PredictionEngine<Customer, ChurnPrediction> Cached = null;")]
    public Task NoPoolFixWhenAConsumerUsesTheEngineForMoreThanPredict(string member)
        => NoPoolFix($$"""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            public static class Startup
            {
                public static void Configure(IServiceCollection services, MLContext ml)
                {
                    services.{|MLOPS501:AddSingleton(ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ml.Model.Load("model.zip", out _)))|};
                }
            }

            public class ChurnScorer
            {
                private readonly PredictionEngine<Customer, ChurnPrediction> _engine;
                private PredictionEngine<Customer, ChurnPrediction> _other;

                public ChurnScorer(PredictionEngine<Customer, ChurnPrediction> engine) => _engine = engine;

                public bool Churns(Customer customer) => _engine.Predict(customer).PredictedLabel || _other.Predict(customer).PredictedLabel;

                {{member}}
            }
            """ + Web);

    /// <summary>Asserts that no fix at all is offered: the ThreadLocal fix never applies to a registration.</summary>
    private static Task NoPoolFix(string source)
        => Verify<PredictionEngineSharedAcrossThreadsAnalyzer>.CodeFixAsync<PredictionEngineSharedAcrossThreadsCodeFix>(source, source);
}
