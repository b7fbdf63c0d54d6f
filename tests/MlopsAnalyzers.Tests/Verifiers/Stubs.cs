namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>
/// Small source stubs of the public API of ML.NET packages that are not referenced by the tests (AutoML,
/// Microsoft.Extensions.ML, ...): enough for the analyzers to see the same symbols as in a real project.
/// </summary>
public static class Stubs
{
    /// <summary>Microsoft.ML.AutoML: <c>mlContext.Auto()</c> and its experiments.</summary>
    public const string AutoML = """

        namespace Microsoft.ML.AutoML
        {
            public static class MLContextExtension
            {
                public static AutoCatalog Auto(this Microsoft.ML.MLContext mlContext) => new AutoCatalog();
            }

            public sealed class AutoCatalog
            {
                public RegressionExperiment CreateRegressionExperiment(uint maxExperimentTimeInSeconds) => new RegressionExperiment();
                public BinaryClassificationExperiment CreateBinaryClassificationExperiment(uint maxExperimentTimeInSeconds) => new BinaryClassificationExperiment();
                public BinaryClassificationExperiment CreateBinaryClassificationExperiment(BinaryExperimentSettings experimentSettings) => new BinaryClassificationExperiment();
                public MulticlassClassificationExperiment CreateMulticlassClassificationExperiment(uint maxExperimentTimeInSeconds) => new MulticlassClassificationExperiment();
                public MulticlassClassificationExperiment CreateMulticlassClassificationExperiment(MulticlassExperimentSettings experimentSettings) => new MulticlassClassificationExperiment();
            }

            public sealed class RegressionExperiment { }
            public sealed class BinaryClassificationExperiment { }
            public sealed class MulticlassClassificationExperiment { }

            public enum BinaryClassificationMetric { Accuracy, AreaUnderRocCurve, AreaUnderPrecisionRecallCurve, F1Score, PositivePrecision, PositiveRecall, NegativePrecision, NegativeRecall }
            public enum MulticlassClassificationMetric { MicroAccuracy, MacroAccuracy, LogLoss, LogLossReduction, TopKAccuracy }

            public abstract class ExperimentSettings
            {
                public uint MaxExperimentTimeInSeconds { get; set; } = 86400;
            }

            public sealed class BinaryExperimentSettings : ExperimentSettings
            {
                public BinaryClassificationMetric OptimizingMetric { get; set; } = BinaryClassificationMetric.Accuracy;
            }

            public sealed class MulticlassExperimentSettings : ExperimentSettings
            {
                public MulticlassClassificationMetric OptimizingMetric { get; set; } = MulticlassClassificationMetric.MicroAccuracy;
            }
        }
        """;

    /// <summary>Microsoft.ML.OnnxConverter: <c>mlContext.Model.ConvertToOnnx(model, data, stream)</c>.</summary>
    public const string OnnxConverter = """

        namespace Microsoft.ML
        {
            public static class OnnxExportExtensions
            {
                public static void ConvertToOnnx(this ModelOperationsCatalog catalog, ITransformer transform, IDataView inputData, System.IO.Stream stream) { }
            }
        }
        """;

    /// <summary>Microsoft.Extensions.ML: a <c>PredictionEnginePoolBuilder</c> and its <c>FromFile</c>/<c>FromUri</c> extensions.</summary>
    public const string PredictionEnginePoolBuilder = """

        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePoolBuilder<TData, TPrediction>
                where TData : class
                where TPrediction : class, new()
            {
            }

            public static class BuilderExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string filePath) where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string filePath, bool watchForChanges) where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string uri) where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, System.Uri uri) where TData : class where TPrediction : class, new() => builder;
                public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, System.Uri uri, System.TimeSpan period) where TData : class where TPrediction : class, new() => builder;
            }
        }
        """;


    /// <summary>ASP.NET Core MVC controllers and minimal-API route mapping: the types serving code is recognized by.</summary>
    public const string AspNetCore = """

        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }
            public abstract class Controller : ControllerBase { }

            [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Assembly, Inherited = true)]
            public sealed class ApiControllerAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Class, Inherited = true)]
            public sealed class ControllerAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class NonActionAttribute : System.Attribute { }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class HttpPostAttribute : System.Attribute
            {
                public HttpPostAttribute() { }
                public HttpPostAttribute(string template) { }
            }
        }

        namespace Microsoft.AspNetCore.Routing
        {
            public interface IEndpointRouteBuilder { }
        }

        namespace Microsoft.AspNetCore.Builder
        {
            public sealed class RouteHandlerBuilder { }

            public sealed class WebApplication : Microsoft.AspNetCore.Routing.IEndpointRouteBuilder
            {
                public static WebApplication Create(string[] args = null) => new WebApplication();
                public void Run() { }
            }

            public static class EndpointRouteBuilderExtensions
            {
                public static RouteHandlerBuilder MapGet(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => new RouteHandlerBuilder();
                public static RouteHandlerBuilder MapPost(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string pattern, System.Delegate handler) => new RouteHandlerBuilder();
            }
        }
        """;

    /// <summary>Microsoft.ML.OnnxTransformer and Microsoft.ML.TensorFlow: scoring-only estimators.</summary>
    public const string OnnxAndTensorFlow = """

        namespace Microsoft.ML.Transforms.Onnx
        {
            public sealed class OnnxScoringEstimator : Microsoft.ML.IEstimator<Microsoft.ML.ITransformer>
            {
                public Microsoft.ML.ITransformer Fit(Microsoft.ML.IDataView input) => throw new System.NotSupportedException();
                public Microsoft.ML.SchemaShape GetOutputSchema(Microsoft.ML.SchemaShape inputSchema) => throw new System.NotSupportedException();
            }
        }

        namespace Microsoft.ML.Transforms
        {
            public sealed class TensorFlowEstimator : Microsoft.ML.IEstimator<Microsoft.ML.ITransformer>
            {
                public Microsoft.ML.ITransformer Fit(Microsoft.ML.IDataView input) => throw new System.NotSupportedException();
                public Microsoft.ML.SchemaShape GetOutputSchema(Microsoft.ML.SchemaShape inputSchema) => throw new System.NotSupportedException();
            }
        }

        namespace Microsoft.ML.TensorFlow
        {
            public sealed class TensorFlowModel
            {
                public Microsoft.ML.Transforms.TensorFlowEstimator ScoreTensorFlowModel(string outputColumnName, string inputColumnName, bool addBatchDimensionInput = false) => new Microsoft.ML.Transforms.TensorFlowEstimator();
            }
        }

        namespace Microsoft.ML
        {
            public static class OnnxCatalog
            {
                public static Microsoft.ML.Transforms.Onnx.OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, string modelFile, int? gpuDeviceId = null, bool fallbackToCpu = false)
                    => new Microsoft.ML.Transforms.Onnx.OnnxScoringEstimator();
            }

            public static class TensorflowCatalog
            {
                public static Microsoft.ML.TensorFlow.TensorFlowModel LoadTensorFlowModel(this ModelOperationsCatalog catalog, string modelLocation) => new Microsoft.ML.TensorFlow.TensorFlowModel();
            }
        }
        """;

    /// <summary>Microsoft.Extensions.ML: the prediction engine pool used by web apps.</summary>
    public const string ExtensionsMlPool = """

        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
            {
                public TPrediction Predict(TData example) => throw new System.NotSupportedException();
                public TPrediction Predict(string modelName, TData example) => throw new System.NotSupportedException();
                public Microsoft.ML.PredictionEngine<TData, TPrediction> GetPredictionEngine() => throw new System.NotSupportedException();
                public Microsoft.ML.PredictionEngine<TData, TPrediction> GetPredictionEngine(string modelName) => throw new System.NotSupportedException();
                public void ReturnPredictionEngine(Microsoft.ML.PredictionEngine<TData, TPrediction> engine) { }
                public void ReturnPredictionEngine(string modelName, Microsoft.ML.PredictionEngine<TData, TPrediction> engine) { }
            }
        }
        """;


    /// <summary>Microsoft.ML.FastTree: the ranking trainer <c>mlContext.Ranking.Trainers.FastTree(...)</c> and its options.</summary>
    public const string FastTreeRanking = """

        namespace Microsoft.ML.Trainers.FastTree
        {
            public sealed class FastTreeRankingTrainer : Microsoft.ML.IEstimator<Microsoft.ML.ITransformer>
            {
                public sealed class Options
                {
                    public string LabelColumnName = "Label";
                    public string FeatureColumnName = "Features";
                    public string RowGroupColumnName = "GroupId";
                    public int NumberOfTrees = 100;
                }

                public Microsoft.ML.ITransformer Fit(Microsoft.ML.IDataView input) => null;
                public Microsoft.ML.SchemaShape GetOutputSchema(Microsoft.ML.SchemaShape inputSchema) => inputSchema;
            }
        }

        namespace Microsoft.ML
        {
            public static class TreeExtensions
            {
                public static Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer FastTree(
                    this RankingCatalog.RankingTrainers catalog,
                    string labelColumnName = "Label",
                    string featureColumnName = "Features",
                    string rowGroupColumnName = "GroupId",
                    string exampleWeightColumnName = null,
                    int numberOfLeaves = 20,
                    int numberOfTrees = 100,
                    int minimumExampleCountPerLeaf = 10,
                    double learningRate = 0.2) => new Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer();

                public static Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer FastTree(
                    this RankingCatalog.RankingTrainers catalog,
                    Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer.Options options) => new Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer();
            }
        }
        """;

    /// <summary>
    /// Microsoft.Extensions.DependencyInjection and Microsoft.Extensions.Hosting: the service collection and its
    /// AddSingleton/AddScoped/AddTransient/AddHostedService registrations.
    /// </summary>
    public const string DependencyInjection = """

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }

            public class ServiceCollection : IServiceCollection { }

            public static class ServiceCollectionServiceExtensions
            {
                public static IServiceCollection AddSingleton(this IServiceCollection services, System.Type serviceType) => services;
                public static IServiceCollection AddSingleton(this IServiceCollection services, System.Type serviceType, System.Type implementationType) => services;
                public static IServiceCollection AddSingleton(this IServiceCollection services, System.Type serviceType, object implementationInstance) => services;
                public static IServiceCollection AddSingleton(this IServiceCollection services, System.Type serviceType, System.Func<System.IServiceProvider, object> implementationFactory) => services;
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services) where TService : class => services;
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, TService implementationInstance) where TService : class => services;
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, System.Func<System.IServiceProvider, TService> implementationFactory) where TService : class => services;
                public static IServiceCollection AddSingleton<TService, TImplementation>(this IServiceCollection services) where TService : class where TImplementation : class, TService => services;
                public static IServiceCollection AddScoped<TService>(this IServiceCollection services) where TService : class => services;
                public static IServiceCollection AddScoped<TService>(this IServiceCollection services, System.Func<System.IServiceProvider, TService> implementationFactory) where TService : class => services;
                public static IServiceCollection AddScoped<TService, TImplementation>(this IServiceCollection services) where TService : class where TImplementation : class, TService => services;
                public static IServiceCollection AddTransient<TService>(this IServiceCollection services) where TService : class => services;
                public static IServiceCollection AddTransient<TService>(this IServiceCollection services, System.Func<System.IServiceProvider, TService> implementationFactory) where TService : class => services;
                public static IServiceCollection AddTransient<TService, TImplementation>(this IServiceCollection services) where TService : class where TImplementation : class, TService => services;
            }

            public static class ServiceCollectionHostedServiceExtensions
            {
                public static IServiceCollection AddHostedService<THostedService>(this IServiceCollection services) where THostedService : class, Microsoft.Extensions.Hosting.IHostedService => services;
            }
        }

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostedService
            {
                System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken cancellationToken);
                System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken);
            }
        }
        """;

    /// <summary>
    /// Microsoft.Extensions.ML's <c>services.AddPredictionEnginePool&lt;TData, TPrediction&gt;()</c>; compile it with
    /// <see cref="DependencyInjection"/>, <see cref="PredictionEnginePoolBuilder"/> and <see cref="ExtensionsMlPool"/>.
    /// </summary>
    public const string ExtensionsMlServices = """

        namespace Microsoft.Extensions.ML
        {
            public static class ServiceCollectionExtensions
            {
                public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
                    where TData : class
                    where TPrediction : class, new() => new PredictionEnginePoolBuilder<TData, TPrediction>();
            }
        }
        """;

    /// <summary>Microsoft.Extensions.ObjectPool: a pool of reusable objects (of prediction engines, say).</summary>
    public const string ObjectPool = """

        namespace Microsoft.Extensions.ObjectPool
        {
            public interface IPooledObjectPolicy<T> where T : notnull
            {
                T Create();
                bool Return(T obj);
            }

            public abstract class ObjectPool<T> where T : class
            {
                public abstract T Get();
                public abstract void Return(T obj);
            }

            public class DefaultObjectPool<T> : ObjectPool<T> where T : class
            {
                public DefaultObjectPool(IPooledObjectPolicy<T> policy) { }
                public DefaultObjectPool(IPooledObjectPolicy<T> policy, int maximumRetained) { }
                public override T Get() => throw new System.NotSupportedException();
                public override void Return(T obj) { }
            }
        }
        """;
}
