using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

/// <summary>
/// Real ML.NET metrics objects, made by the real evaluators from small scored data sets built in memory (no training),
/// so the tests see exactly what an application records.
/// </summary>
internal static class MetricsFactory
{
    private static readonly MLContext Ml = new(seed: 1);

    public static CalibratedBinaryClassificationMetrics CalibratedBinary()
        => Ml.BinaryClassification.Evaluate(Ml.Data.LoadFromEnumerable(BinaryRows()));

    public static BinaryClassificationMetrics NonCalibratedBinary()
        => Ml.BinaryClassification.EvaluateNonCalibrated(Ml.Data.LoadFromEnumerable(BinaryRows()));

    public static MulticlassClassificationMetrics Multiclass()
    {
        var rows = new List<MulticlassRow>();
        for (var i = 0; i < 30; i++)
        {
            var label = (uint)(i % 3) + 1;
            var predicted = i % 5 == 0 ? (label % 3) + 1 : label;
            var score = new float[3];
            score[predicted - 1] = 0.6f;
            score[label - 1] += 0.25f;
            for (var k = 0; k < 3; k++)
            {
                score[k] += 0.05f;
            }

            var sum = score.Sum();
            rows.Add(new MulticlassRow { Label = label, PredictedLabel = predicted, Score = score.Select(s => s / sum).ToArray() });
        }

        return Ml.MulticlassClassification.Evaluate(Ml.Data.LoadFromEnumerable(rows), topKPredictionCount: 2);
    }

    public static RegressionMetrics Regression()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new RegressionRow { Label = i, Score = i + ((i % 7) - 3) * 0.5f });
        return Ml.Regression.Evaluate(Ml.Data.LoadFromEnumerable(rows));
    }

    public static RankingMetrics Ranking()
    {
        var rows = new List<RankingRow>();
        for (uint group = 1; group <= 4; group++)
        {
            for (var doc = 0; doc < 6; doc++)
            {
                rows.Add(new RankingRow { GroupId = group, Label = (doc + group) % 4, Score = 10 - doc + group * 0.1f });
            }
        }

        return Ml.Ranking.Evaluate(Ml.Data.LoadFromEnumerable(rows));
    }

    public static ClusteringMetrics Clustering()
    {
        var rows = new List<ClusteringRow>();
        for (var i = 0; i < 30; i++)
        {
            var cluster = (uint)(i % 3);
            var features = new[] { cluster * 10f + (i % 4), cluster * -5f + (i % 3) };
            var distances = new float[3];
            for (var k = 0; k < 3; k++)
            {
                distances[k] = System.Math.Abs(k - cluster) * 10f + 1f;
            }

            rows.Add(new ClusteringRow { Label = cluster == 2 && i % 4 == 0 ? 1 : cluster, PredictedLabel = cluster + 1, Score = distances, Features = features });
        }

        return Ml.Clustering.Evaluate(Ml.Data.LoadFromEnumerable(rows), labelColumnName: "Label", featureColumnName: "Features");
    }

    public static AnomalyDetectionMetrics AnomalyDetection()
    {
        var rows = Enumerable.Range(0, 50).Select(i => new AnomalyRow
        {
            Label = i % 10 == 0 ? 1f : 0f,
            Score = i % 10 == 0 ? 0.9f - (i * 0.001f) : 0.1f + (i * 0.01f),
            PredictedLabel = i % 10 == 0 || i == 47,
        });
        return Ml.AnomalyDetection.Evaluate(Ml.Data.LoadFromEnumerable(rows), falsePositiveCount: 2);
    }

    /// <summary>The name of every metrics type the evaluators return (for theories: names show in the test list).</summary>
    public static IEnumerable<object[]> Kinds()
        => new[] { "CalibratedBinary", "NonCalibratedBinary", "Multiclass", "Regression", "Ranking", "Clustering", "AnomalyDetection" }
            .Select(kind => new object[] { kind });

    public static object Create(string kind) => kind switch
    {
        "CalibratedBinary" => CalibratedBinary(),
        "NonCalibratedBinary" => NonCalibratedBinary(),
        "Multiclass" => Multiclass(),
        "Regression" => Regression(),
        "Ranking" => Ranking(),
        "Clustering" => Clustering(),
        "AnomalyDetection" => AnomalyDetection(),
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static IEnumerable<BinaryRow> BinaryRows()
        => Enumerable.Range(0, 40).Select(i =>
        {
            var positive = i % 3 != 0;
            var probability = positive ? 0.55f + (i % 5) * 0.08f : 0.1f + (i % 6) * 0.1f;
            return new BinaryRow { Label = positive, Probability = probability, Score = (probability - 0.5f) * 8, PredictedLabel = probability > 0.5f };
        });

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class MulticlassRow
    {
        [KeyType(3)]
        public uint Label { get; set; }

        [KeyType(3)]
        public uint PredictedLabel { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = System.Array.Empty<float>();
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }

    private sealed class RankingRow
    {
        public float Label { get; set; }

        public float Score { get; set; }

        [KeyType(4)]
        public uint GroupId { get; set; }
    }

    private sealed class ClusteringRow
    {
        public float Label { get; set; }

        [KeyType(3)]
        public uint PredictedLabel { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = System.Array.Empty<float>();

        [VectorType(2)]
        public float[] Features { get; set; } = System.Array.Empty<float>();
    }

    private sealed class AnomalyRow
    {
        public float Label { get; set; }

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
