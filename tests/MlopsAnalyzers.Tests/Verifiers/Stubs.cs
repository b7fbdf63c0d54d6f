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
            }

            public sealed class RegressionExperiment { }
            public sealed class BinaryClassificationExperiment { }
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
}
