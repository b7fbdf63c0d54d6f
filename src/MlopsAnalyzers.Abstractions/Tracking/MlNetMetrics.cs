using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// Turns an ML.NET evaluation result into named numbers, field by field, so that a run records everything the
/// evaluator computed. Keys are the ML.NET property names; lists become <c>Name[i]</c> (the list's index, from 0), and
/// the confusion matrix becomes <c>ConfusionMatrix.Counts[i][j]</c>, <c>ConfusionMatrix.PerClassPrecision[i]</c>,
/// <c>ConfusionMatrix.PerClassRecall[i]</c> and <c>ConfusionMatrix.NumberOfClasses</c>.
/// </summary>
/// <remarks>
/// Supported: <see cref="BinaryClassificationMetrics"/> and <see cref="CalibratedBinaryClassificationMetrics"/> (plus
/// <c>LogLoss</c>, <c>LogLossReduction</c>, <c>Entropy</c>), <see cref="MulticlassClassificationMetrics"/> (including
/// <c>PerClassLogLoss[i]</c> and <c>TopKAccuracyForAllK[i]</c>, the top-(i+1) accuracy), <see cref="RegressionMetrics"/>,
/// <see cref="RankingMetrics"/> (<c>NormalizedDiscountedCumulativeGains[i]</c> and <c>DiscountedCumulativeGains[i]</c>
/// are NDCG@(i+1) and DCG@(i+1)), <see cref="ClusteringMetrics"/> and <see cref="AnomalyDetectionMetrics"/>.
/// </remarks>
public static class MlNetMetrics
{
    /// <summary>The key of item <paramref name="index"/> of list metric <paramref name="name"/>: <c>name[index]</c>.</summary>
    public static string ItemKey(string name, int index) => name + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>True for the ML.NET metrics types that <see cref="Flatten"/> reads.</summary>
    public static bool IsSupported(Type type)
        => typeof(BinaryClassificationMetrics).IsAssignableFrom(type)
            || typeof(MulticlassClassificationMetrics).IsAssignableFrom(type)
            || typeof(RegressionMetrics).IsAssignableFrom(type)
            || typeof(RankingMetrics).IsAssignableFrom(type)
            || typeof(ClusteringMetrics).IsAssignableFrom(type)
            || typeof(AnomalyDetectionMetrics).IsAssignableFrom(type);

    /// <summary>Every field of <paramref name="metrics"/> as a named number, in a stable order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> is not an ML.NET metrics object listed above.</exception>
    public static IReadOnlyList<KeyValuePair<string, double>> Flatten(object metrics)
    {
        if (metrics is null)
        {
            throw new ArgumentNullException(nameof(metrics));
        }

        var values = new List<KeyValuePair<string, double>>();
        switch (metrics)
        {
            case BinaryClassificationMetrics binary:
                Add(values, nameof(binary.AreaUnderRocCurve), binary.AreaUnderRocCurve);
                Add(values, nameof(binary.Accuracy), binary.Accuracy);
                Add(values, nameof(binary.PositivePrecision), binary.PositivePrecision);
                Add(values, nameof(binary.PositiveRecall), binary.PositiveRecall);
                Add(values, nameof(binary.NegativePrecision), binary.NegativePrecision);
                Add(values, nameof(binary.NegativeRecall), binary.NegativeRecall);
                Add(values, nameof(binary.F1Score), binary.F1Score);
                Add(values, nameof(binary.AreaUnderPrecisionRecallCurve), binary.AreaUnderPrecisionRecallCurve);
                if (binary is CalibratedBinaryClassificationMetrics calibrated)
                {
                    Add(values, nameof(calibrated.LogLoss), calibrated.LogLoss);
                    Add(values, nameof(calibrated.LogLossReduction), calibrated.LogLossReduction);
                    Add(values, nameof(calibrated.Entropy), calibrated.Entropy);
                }

                AddConfusionMatrix(values, binary.ConfusionMatrix);
                break;
            case MulticlassClassificationMetrics multiclass:
                Add(values, nameof(multiclass.MicroAccuracy), multiclass.MicroAccuracy);
                Add(values, nameof(multiclass.MacroAccuracy), multiclass.MacroAccuracy);
                Add(values, nameof(multiclass.LogLoss), multiclass.LogLoss);
                Add(values, nameof(multiclass.LogLossReduction), multiclass.LogLossReduction);
                Add(values, nameof(multiclass.TopKPredictionCount), multiclass.TopKPredictionCount);
                Add(values, nameof(multiclass.TopKAccuracy), multiclass.TopKAccuracy);
                AddList(values, nameof(multiclass.TopKAccuracyForAllK), multiclass.TopKAccuracyForAllK);
                AddList(values, nameof(multiclass.PerClassLogLoss), multiclass.PerClassLogLoss);
                AddConfusionMatrix(values, multiclass.ConfusionMatrix);
                break;
            case RegressionMetrics regression:
                Add(values, nameof(regression.MeanAbsoluteError), regression.MeanAbsoluteError);
                Add(values, nameof(regression.MeanSquaredError), regression.MeanSquaredError);
                Add(values, nameof(regression.RootMeanSquaredError), regression.RootMeanSquaredError);
                Add(values, nameof(regression.LossFunction), regression.LossFunction);
                Add(values, nameof(regression.RSquared), regression.RSquared);
                break;
            case RankingMetrics ranking:
                AddList(values, nameof(ranking.NormalizedDiscountedCumulativeGains), ranking.NormalizedDiscountedCumulativeGains);
                AddList(values, nameof(ranking.DiscountedCumulativeGains), ranking.DiscountedCumulativeGains);
                break;
            case ClusteringMetrics clustering:
                Add(values, nameof(clustering.NormalizedMutualInformation), clustering.NormalizedMutualInformation);
                Add(values, nameof(clustering.AverageDistance), clustering.AverageDistance);
                Add(values, nameof(clustering.DaviesBouldinIndex), clustering.DaviesBouldinIndex);
                break;
            case AnomalyDetectionMetrics anomaly:
                Add(values, nameof(anomaly.AreaUnderRocCurve), anomaly.AreaUnderRocCurve);
                Add(values, nameof(anomaly.DetectionRateAtFalsePositiveCount), anomaly.DetectionRateAtFalsePositiveCount);
                break;
            default:
                throw new ArgumentException(
                    $"'{metrics.GetType().FullName}' is not an ML.NET metrics type. Pass the result of a catalog's Evaluate "
                    + "(BinaryClassificationMetrics, CalibratedBinaryClassificationMetrics, MulticlassClassificationMetrics, "
                    + "RegressionMetrics, RankingMetrics, ClusteringMetrics or AnomalyDetectionMetrics), or log numbers one by one with LogMetric.",
                    nameof(metrics));
        }

        return values;
    }

    private static void Add(List<KeyValuePair<string, double>> values, string name, double value)
        => values.Add(new KeyValuePair<string, double>(name, value));

    private static void AddList(List<KeyValuePair<string, double>> values, string name, IReadOnlyList<double>? list)
    {
        if (list is null)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            Add(values, ItemKey(name, i), list[i]);
        }
    }

    private static void AddConfusionMatrix(List<KeyValuePair<string, double>> values, ConfusionMatrix? matrix)
    {
        if (matrix is null)
        {
            return;
        }

        const string Prefix = nameof(ConfusionMatrix) + ".";
        Add(values, Prefix + nameof(matrix.NumberOfClasses), matrix.NumberOfClasses);
        AddList(values, Prefix + nameof(matrix.PerClassPrecision), matrix.PerClassPrecision);
        AddList(values, Prefix + nameof(matrix.PerClassRecall), matrix.PerClassRecall);
        if (matrix.Counts is { } counts)
        {
            for (var i = 0; i < counts.Count; i++)
            {
                AddList(values, ItemKey(Prefix + nameof(matrix.Counts), i), counts[i]);
            }
        }
    }
}
