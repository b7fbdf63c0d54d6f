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
}
