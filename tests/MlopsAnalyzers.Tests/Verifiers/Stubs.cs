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
}
