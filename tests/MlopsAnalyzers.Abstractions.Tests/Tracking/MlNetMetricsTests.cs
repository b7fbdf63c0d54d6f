using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

public class MlNetMetricsTests
{
    public static IEnumerable<object[]> EveryMetricsType() => MetricsFactory.Kinds();

    /// <summary>
    /// The reference: every public property of the metrics object, read by reflection (not by the code under test),
    /// recursing into nested objects and lists. A property of a kind this does not know fails the test, so a field
    /// added by a later ML.NET is noticed.
    /// </summary>
    internal static List<KeyValuePair<string, double>> FieldsByReflection(object metrics)
    {
        var fields = new List<KeyValuePair<string, double>>();
        Collect(metrics, "", fields);
        return fields;
    }

    [Theory]
    [MemberData(nameof(EveryMetricsType))]
    public void FlattenRecordsEveryField(string kind)
    {
        var metrics = MetricsFactory.Create(kind);
        var expected = FieldsByReflection(metrics);
        var actual = MlNetMetrics.Flatten(metrics);

        Assert.True(expected.Count > 1, kind);
        Assert.Equal(expected.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), actual.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        var byKey = actual.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var pair in expected)
        {
            Assert.True(pair.Value.Equals(byKey[pair.Key]), $"{kind} {pair.Key}: expected {pair.Value:R}, got {byKey[pair.Key]:R}");
        }
    }

    [Fact]
    public void TheEvaluatorsFillTheListsAndTheConfusionMatrix()
    {
        // Guards the reference above: with empty lists it would prove nothing about them.
        var multiclass = MetricsFactory.Multiclass();
        Assert.Equal(3, multiclass.PerClassLogLoss.Count);
        Assert.Equal(2, multiclass.TopKAccuracyForAllK.Count);
        Assert.Equal(3, multiclass.ConfusionMatrix.Counts.Count);
        var ranking = MetricsFactory.Ranking();
        Assert.True(ranking.NormalizedDiscountedCumulativeGains.Count >= 3);
        Assert.Equal(ranking.NormalizedDiscountedCumulativeGains.Count, ranking.DiscountedCumulativeGains.Count);
        Assert.Equal(2, MetricsFactory.CalibratedBinary().ConfusionMatrix.NumberOfClasses);
    }

    [Fact]
    public void KeysFollowThePropertyNamesAndListIndexes()
    {
        var multiclass = MetricsFactory.Multiclass();
        var flat = MlNetMetrics.Flatten(multiclass).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(multiclass.PerClassLogLoss[2], flat["PerClassLogLoss[2]"]);
        Assert.Equal(multiclass.TopKAccuracyForAllK[1], flat["TopKAccuracyForAllK[1]"]);
        Assert.Equal(multiclass.ConfusionMatrix.Counts[1][2], flat["ConfusionMatrix.Counts[1][2]"]);
        Assert.Equal(multiclass.ConfusionMatrix.PerClassRecall[0], flat["ConfusionMatrix.PerClassRecall[0]"]);

        var ranking = MetricsFactory.Ranking();
        var rankingFlat = MlNetMetrics.Flatten(ranking).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(ranking.NormalizedDiscountedCumulativeGains[2], rankingFlat["NormalizedDiscountedCumulativeGains[2]"]);
        Assert.Equal(ranking.DiscountedCumulativeGains[0], rankingFlat["DiscountedCumulativeGains[0]"]);
    }

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(List<double>))]
    public void RejectsObjectsThatAreNotMlNetMetrics(Type type)
    {
        var value = Activator.CreateInstance(type)!;
        var error = Assert.Throws<ArgumentException>(() => MlNetMetrics.Flatten(value));
        Assert.Contains(type.FullName!, error.Message, StringComparison.Ordinal);
        Assert.False(MlNetMetrics.IsSupported(type));
    }

    [Fact]
    public void RejectsNull() => Assert.Throws<ArgumentNullException>(() => MlNetMetrics.Flatten(null!));

    [Fact]
    public void EveryPublicMetricsTypeOfMlNetIsSupported()
    {
        var metricsTypes = typeof(RegressionMetrics).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.Name.EndsWith("Metrics", StringComparison.Ordinal) && t.Namespace == "Microsoft.ML.Data")
            .ToList();
        Assert.Equal(7, metricsTypes.Count);
        Assert.All(metricsTypes, t => Assert.True(MlNetMetrics.IsSupported(t), t.FullName));
    }

    private static void Collect(object value, string prefix, List<KeyValuePair<string, double>> fields)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var name = prefix + property.Name;
            var item = property.GetValue(value);
            switch (item)
            {
                case double d:
                    fields.Add(new(name, d));
                    break;
                case int i:
                    fields.Add(new(name, i));
                    break;
                case null:
                    break;
                case IEnumerable list when property.PropertyType.IsGenericType:
                    var index = 0;
                    foreach (var element in list)
                    {
                        var key = name + "[" + index++ + "]";
                        if (element is double value2)
                        {
                            fields.Add(new(key, value2));
                        }
                        else if (element is IEnumerable<double> row)
                        {
                            var j = 0;
                            foreach (var cell in row)
                            {
                                fields.Add(new(key + "[" + j++ + "]", cell));
                            }
                        }
                        else
                        {
                            throw new InvalidOperationException($"{name} holds {element?.GetType()}, which the reference does not know.");
                        }
                    }

                    break;
                case ConfusionMatrix nested:
                    Collect(nested, name + ".", fields);
                    break;
                default:
                    throw new InvalidOperationException($"{name} is a {item.GetType()}, which the reference does not know: a new ML.NET field?");
            }
        }
    }
}
