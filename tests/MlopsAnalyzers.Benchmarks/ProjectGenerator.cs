using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>A generated project: its files, and how many diagnostics of each rule it must produce.</summary>
public sealed record GeneratedProject(ImmutableArray<(string Name, string Text)> Files, ImmutableDictionary<string, int> ExpectedCounts)
{
    /// <summary>Files whose name starts with this must get no diagnostic at all.</summary>
    public const string CleanPrefix = "Clean";
}

/// <summary>
/// Generates the benchmark's ML.NET project: half smelly files, each exercising rules the generator knows (and
/// counts), half clean files that follow every rule. Each file is a realistic unit of an ML.NET app: data classes,
/// a trainer that loads, splits, featurizes, trains, evaluates and saves, and an inference-only predictor.
/// </summary>
/// <remarks>
/// Every file tunes its trainer differently (its own iteration count), so no two files build the same estimator chain
/// (MLOPS204). The expected counts cover only the rules the generator targets; the benchmark asserts that nothing else is
/// reported. A new rule that fires on this code therefore fails the benchmark until it is either added here (a true
/// positive in the smelly half) or fixed (any diagnostic in the clean half is a false positive).
/// </remarks>
public static class ProjectGenerator
{
    public static GeneratedProject MlNet(int fileCount)
    {
        var files = ImmutableArray.CreateBuilder<(string, string)>(fileCount);
        var expected = new Dictionary<string, int> { ["MLOPS301"] = 0, ["MLOPS302"] = 0, ["MLOPS104"] = 0, ["MLOPS103"] = 0 };
        for (var i = 0; i < fileCount; i++)
        {
            if (i % 2 == 0)
            {
                var shuffles = i % 3 == 0;
                var savesWithoutSchema = i % 4 == 0;
                files.Add(($"Smelly{i}.cs", MlNetFile(i, seeded: false, shuffles, savesWithoutSchema)));
                expected["MLOPS301"] += 1;                      // the unseeded context that trains
                expected["MLOPS302"] += shuffles ? 2 : 1;       // TrainTestSplit, and ShuffleRows, without seed:
                expected["MLOPS104"] += savesWithoutSchema ? 1 : 0;
                expected["MLOPS103"] += 1;                      // saved to a file, nothing recorded about the model
            }
            else
            {
                files.Add(($"{GeneratedProject.CleanPrefix}{i}.cs", MlNetFile(i, seeded: true, shuffles: i % 3 == 0, savesWithoutSchema: false)));
            }
        }

        return new GeneratedProject(files.MoveToImmutable(), expected.ToImmutableDictionary());
    }

    /// <summary>The same shapes without Microsoft.ML: look-alike types of the same names, which no rule may flag.</summary>
    public static GeneratedProject WithoutMlNet(int fileCount)
    {
        var files = ImmutableArray.CreateBuilder<(string, string)>(fileCount + 1);
        files.Add(("LookAlikes.cs", LookAlikes));
        for (var i = 0; i < fileCount; i++)
        {
            files.Add(($"{GeneratedProject.CleanPrefix}{i}.cs", LookAlikeFile(i)));
        }

        return new GeneratedProject(files.MoveToImmutable(), ImmutableDictionary<string, int>.Empty);
    }

    private static string MlNetFile(int i, bool seeded, bool shuffles, bool savesWithoutSchema)
    {
        var code = new StringBuilder();
        code.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            namespace Generated.Models{{i}};

            {{HouseTypes(i)}}

            public sealed class Trainer{{i}}
            {
                private readonly MLContext _ml = {{(seeded ? $"new MLContext(seed: {i})" : "new MLContext()")}};

                public RegressionMetrics TrainAndSave(string dataPath, string modelPath)
                {
                    IDataView data = _ml.Data.LoadFromTextFile<House{{i}}>(dataPath, hasHeader: true, separatorChar: ',');
                    var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2{{(seeded ? ", seed: 1" : "")}});

            """);
        code.Append(shuffles
            ? $"        var trainSet = _ml.Data.ShuffleRows(split.TrainSet{(seeded ? ", seed: 2" : "")});\n"
            : "        var trainSet = split.TrainSet;\n");
        code.Append($$"""
                    var pipeline = _ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House{{i}}.City))
                        .Append(_ml.Transforms.Concatenate("Features", nameof(House{{i}}.Size), nameof(House{{i}}.Rooms), nameof(House{{i}}.Age), "CityEncoded"))
                        .Append(_ml.Transforms.NormalizeMinMax("Features"))
                        .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House{{i}}.Price), maximumNumberOfIterations: {{100 + i}}));
                    var model = pipeline.Fit(trainSet);
                    var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House{{i}}.Price));
                    _ml.Model.Save(model, {{(savesWithoutSchema ? "null" : "data.Schema")}}, modelPath);
            {{(seeded ? $"        File.WriteAllText(modelPath + \".metadata.json\", JsonSerializer.Serialize(new {{ Seed = {i}, metrics.RSquared, TrainedAt = DateTime.UtcNow }}));\n" : "")}}        return metrics;
                }
            }

            public sealed class Predictor{{i}}
            {
                private readonly PredictionEngine<House{{i}}, PricePrediction{{i}}> _engine;

                public Predictor{{i}}(string modelPath)
                {
                    var ml = new MLContext();
                    var model = ml.Model.Load(modelPath, out var schema);
                    _engine = ml.Model.CreatePredictionEngine<House{{i}}, PricePrediction{{i}}>(model, schema);
                }

                public float Predict(House{{i}} house) => _engine.Predict(house).Price;

                public IReadOnlyList<float> PredictAll(IEnumerable<House{{i}}> houses)
                {
                    var prices = new List<float>();
                    foreach (var house in houses)
                    {
                        prices.Add(Predict(house));
                    }

                    return prices;
                }
            }

            """);
        return code.ToString();
    }

    /// <summary>The house listing read from the training CSV and its price prediction, as the ML.NET files declare them.</summary>
    internal static string HouseTypes(int suffix) => $$"""
        public sealed class House{{suffix}}
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Rooms { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
            [LoadColumn(3)] public string City { get; set; } = "";
            [LoadColumn(4)] public float Price { get; set; }
        }

        public sealed class PricePrediction{{suffix}}
        {
            [ColumnName("Score")] public float Price { get; set; }
        }
        """;

    private const string LookAlikes = """
        namespace LookAlike;

        public sealed class DataView { }
        public sealed class Schema { }
        public sealed class Model { public DataView Transform(DataView data) => data; }
        public sealed class Split { public DataView TrainSet { get; } = new(); public DataView TestSet { get; } = new(); }

        public sealed class DataCatalog
        {
            public DataView LoadFromTextFile<T>(string path, bool hasHeader = false, char separatorChar = ',') => new();
            public Split TrainTestSplit(DataView data, double testFraction = 0.1, int? seed = null) => new();
            public DataView ShuffleRows(DataView data, int? seed = null) => data;
        }

        public sealed class ModelCatalog
        {
            public void Save(Model model, Schema? inputSchema, string path) { }
            public Model Load(string path, out Schema schema) { schema = new(); return new(); }
        }

        public sealed class MLContext
        {
            public MLContext(int? seed = null) { }
            public DataCatalog Data { get; } = new();
            public ModelCatalog Model { get; } = new();
            public Model Fit(DataView data) => new();
        }
        """;

    private static string LookAlikeFile(int i) => $$"""
        using System.Collections.Generic;
        using LookAlike;

        namespace Generated.NoMl{{i}};

        public sealed class House{{i}}
        {
            public float Size { get; set; }
            public float Price { get; set; }
        }

        public sealed class Trainer{{i}}
        {
            private readonly MLContext _ml = new MLContext();

            public DataView TrainAndSave(string dataPath, string modelPath)
            {
                var data = _ml.Data.LoadFromTextFile<House{{i}}>(dataPath, hasHeader: true);
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
                var trainSet = _ml.Data.ShuffleRows(split.TrainSet);
                var model = _ml.Fit(trainSet);
                _ml.Model.Save(model, null, modelPath);
                return model.Transform(split.TestSet);
            }
        }

        public sealed class Predictor{{i}}
        {
            private readonly Model _model;

            public Predictor{{i}}(string modelPath) => _model = new MLContext().Model.Load(modelPath, out _);

            public IReadOnlyList<DataView> PredictAll(IEnumerable<DataView> batches)
            {
                var results = new List<DataView>();
                foreach (var batch in batches)
                {
                    results.Add(_model.Transform(batch));
                }

                return results;
            }
        }

        """;
}
