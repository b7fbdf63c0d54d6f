using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Monitoring;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

public class DriftBaselineTests
{
    private sealed class Row
    {
        public float Value { get; set; }

        public int Count { get; set; }

        public string Name { get; set; } = "";

        public bool Flag { get; set; }

        [VectorType(2)]
        public float[] Vector { get; set; } = new float[2];
    }

    private static IDataView Data(IEnumerable<Row> rows) => new MLContext(seed: 1).Data.LoadFromEnumerable(rows.ToList());

    [Fact]
    public void SummarizesEveryScalarColumnExactlyAndSkipsVectors()
    {
        var rows = Enumerable.Range(1, 100).Select(i => new Row
        {
            Value = i % 10 == 0 ? float.NaN : i,
            Count = i % 4,
            Name = i <= 60 ? "a" : i <= 90 ? "b" : "c",
            Flag = i % 2 == 0,
        });

        var baseline = DriftBaseline.Compute(Data(rows));

        Assert.Equal(100, baseline.RowCount);
        Assert.Equal(new[] { "Value", "Count", "Name", "Flag" }, baseline.Columns.Select(c => c.Name));

        var value = Assert.IsType<NumericColumnBaseline>(baseline.FindColumn("Value"));
        var present = Enumerable.Range(1, 100).Where(i => i % 10 != 0).Select(i => (double)i).ToList();
        Assert.Equal(10, value.MissingCount);
        Assert.Equal(1, value.Min);
        Assert.Equal(99, value.Max);
        Assert.Equal(present.Average(), value.Mean, 9);
        Assert.Equal(Math.Sqrt(present.Select(v => (v - present.Average()) * (v - present.Average())).Average()), value.StandardDeviation, 9);
        Assert.Equal(present, value.Sample);                 // fewer rows than the sample size: every value
        Assert.Equal(9, value.BinEdges.Count);                // deciles
        Assert.All(value.BinProportions, p => Assert.Equal(0.1, p, 9));

        // Four distinct values: the edges are the distinct values below the maximum.
        var count = Assert.IsType<NumericColumnBaseline>(baseline.FindColumn("Count"));
        Assert.Equal(new double[] { 0, 1, 2 }, count.BinEdges);
        Assert.Equal(new[] { 0.25, 0.25, 0.25, 0.25 }, count.BinProportions);

        var name = Assert.IsType<CategoricalColumnBaseline>(baseline.FindColumn("Name"));
        Assert.Equal(new[] { KeyValuePair.Create("a", 60L), KeyValuePair.Create("b", 30L), KeyValuePair.Create("c", 10L) }, name.Categories);
        Assert.Equal(0, name.OtherCount);

        var flag = Assert.IsType<CategoricalColumnBaseline>(baseline.FindColumn("Flag"));
        Assert.Equal(new[] { KeyValuePair.Create("false", 50L), KeyValuePair.Create("true", 50L) }, flag.Categories);
    }

    [Fact]
    public void BoundsMemoryWithAReservoirSampleAndCappedCategories()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => new Row { Value = i, Name = "v" + (i % 5000) });
        var options = new DriftBaselineOptions { SampleSize = 500, MaxCategories = 3, MaxTrackedValues = 100, Seed = 7 };

        var baseline = DriftBaseline.Compute(Data(rows), options);
        var value = (NumericColumnBaseline)baseline.FindColumn("Value")!;
        Assert.Equal(500, value.Sample.Count);
        Assert.Equal(0, value.Min);
        Assert.Equal(19_999, value.Max);

        // A uniform sample of 0..19999: its deciles are near 2000, 4000, ...
        for (var k = 1; k <= 9; k++)
        {
            Assert.InRange(value.BinEdges[k - 1], (k * 2000) - 1200, (k * 2000) + 1200);
        }

        var name = (CategoricalColumnBaseline)baseline.FindColumn("Name")!;
        Assert.Equal(3, name.Categories.Count);
        Assert.Equal(20_000, name.Categories.Sum(c => c.Value) + name.OtherCount);
        Assert.Equal(101, name.DistinctCount); // 100 tracked, and the untracked rest

        // Same seed, same baseline.
        Assert.Equal(baseline.ToJson(), DriftBaseline.Compute(Data(rows), options).ToJson());
    }

    [Fact]
    public void ColumnsCanBeChosenOrExcluded()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new Row { Value = i, Name = "x" });
        var excluded = new DriftBaselineOptions();
        excluded.ExcludedColumns.Add("Value");
        excluded.ExcludedColumns.Add("Flag");
        Assert.Equal(new[] { "Count", "Name" }, DriftBaseline.Compute(Data(rows), excluded).Columns.Select(c => c.Name));

        var chosen = new DriftBaselineOptions();
        chosen.Columns.Add("Name");
        Assert.Equal(new[] { "Name" }, DriftBaseline.Compute(Data(rows), chosen).Columns.Select(c => c.Name));

        var missing = new DriftBaselineOptions();
        missing.Columns.Add("Nope");
        Assert.Contains("no column 'Nope'", Assert.Throws<ArgumentException>(() => DriftBaseline.Compute(Data(rows), missing)).Message);

        var vector = new DriftBaselineOptions();
        vector.Columns.Add("Vector");
        Assert.Contains("scalar numbers, Booleans and text", Assert.Throws<ArgumentException>(() => DriftBaseline.Compute(Data(rows), vector)).Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => DriftBaseline.Compute(Data(rows), new DriftBaselineOptions { Bins = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftBaseline.Compute(Data(rows), new DriftBaselineOptions { MaxCategories = 50, MaxTrackedValues = 10 }));
    }

    [Fact]
    public void JsonRoundTripsIncludingNonFiniteNumbers()
    {
        var rows = new[] { new Row { Value = float.NaN, Name = "é \"quoted\"" }, new Row { Value = float.NaN, Name = "" } };
        var baseline = DriftBaseline.Compute(Data(rows));
        var value = (NumericColumnBaseline)baseline.FindColumn("Value")!;
        Assert.True(double.IsNaN(value.Min));
        Assert.Empty(value.Sample);

        var json = baseline.ToJson();
        Assert.Contains("\"NaN\"", json);
        var read = DriftBaseline.FromJson(json);
        Assert.Equal(json, read.ToJson());

        var applicants = Applicants.Baseline(seed: 3);
        Assert.Equal(applicants.ToJson(), DriftBaseline.FromJson(applicants.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("not json", "not valid")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"format\": 2, \"rowCount\": 1, \"columns\": []}", "format is 2")]
    [InlineData("{\"format\": 1, \"rowCount\": 1}", "'columns' is missing")]
    [InlineData("{\"format\": 1, \"rowCount\": 2, \"columns\": [{\"name\": \"A\", \"kind\": \"categorical\", \"categories\": [{\"value\": \"x\", \"count\": 1}], \"otherCount\": 0, \"distinctCount\": 1}]}", "add up to 1, not to the 2 rows")]
    [InlineData("{\"format\": 1, \"rowCount\": 1, \"columns\": [{\"name\": \"A\", \"kind\": \"weird\"}]}", "unknown kind 'weird'")]
    [InlineData("{\"format\": 1, \"rowCount\": 2, \"columns\": [{\"name\": \"A\", \"kind\": \"numeric\", \"missingCount\": 0, \"min\": 1, \"max\": 2, \"mean\": 1.5, \"standardDeviation\": 0.5, \"binEdges\": [1], \"binProportions\": [0.5, 0.6], \"sample\": [1, 2]}]}", "add up to 1.1")]
    [InlineData("{\"format\": 1, \"rowCount\": 2, \"columns\": [{\"name\": \"A\", \"kind\": \"numeric\", \"missingCount\": 0, \"min\": 1, \"max\": 2, \"mean\": 1.5, \"standardDeviation\": 0.5, \"binEdges\": [1], \"binProportions\": [0.5, 0.5], \"sample\": [2, 1]}]}", "ascending order")]
    public void InvalidJsonGivesAFormatExceptionThatSaysWhy(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => DriftBaseline.FromJson(json));
        Assert.StartsWith("The drift baseline is not valid", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void TheRegistryStoresTheBaselineWithTheVersion()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var registration = new ModelRegistration().AddDriftBaseline(data, nameof(HouseRow.Price));
        var version = temp.Registry.Register(ml, "houses", model, data.Schema, registration);
        Assert.Contains(version.Artifacts, a => a.Name == DriftBaseline.ArtifactName);

        var baseline = temp.Registry.ReadDriftBaseline("houses", ModelAliases.Latest);
        Assert.Equal(new[] { "Size", "Rooms" }, baseline.Columns.Select(c => c.Name));
        Assert.Equal(DriftBaseline.Compute(data, ExcludingPrice()).ToJson(), baseline.ToJson());

        // A version without a baseline says how to get one.
        temp.Registry.Register(ml, "houses", model, data.Schema);
        var missing = Assert.Throws<ModelNotFoundException>(() => temp.Registry.ReadDriftBaseline("houses", "2"));
        Assert.Contains("registered without a drift baseline", missing.Message);

        // The registry's length and hash check covers the baseline.
        var path = System.IO.Path.Combine(version.Directory, FileModelRegistry.ArtifactsFolderName, DriftBaseline.ArtifactName);
        System.IO.File.AppendAllText(path, " ");
        Assert.Throws<CorruptModelException>(() => temp.Registry.ReadDriftBaseline("houses", "1"));
    }

    private static DriftBaselineOptions ExcludingPrice()
    {
        var options = new DriftBaselineOptions();
        options.ExcludedColumns.Add(nameof(HouseRow.Price));
        return options;
    }
}

public class DriftBaselineFormatTests
{
    /// <summary>A baseline as the first (hand-written) JSON writer wrote it: it must stay readable and be written back byte for byte.</summary>
    private const string WrittenByTheFirstWriter = """
        {
          "format": 1,
          "rowCount": 4,
          "columns": [
            {
              "name": "Value",
              "kind": "numeric",
              "missingCount": 1,
              "min": 0.25,
              "max": 2,
              "mean": 1.0833333333333333,
              "standardDeviation": 0.7168604389202189,
              "binEdges": [
                1
              ],
              "binProportions": [
                0.6666666666666666,
                0.3333333333333333
              ],
              "sample": [
                0.25,
                1,
                2
              ]
            },
            {
              "name": "Empty",
              "kind": "numeric",
              "missingCount": 4,
              "min": "NaN",
              "max": "NaN",
              "mean": "NaN",
              "standardDeviation": "NaN",
              "binEdges": [],
              "binProportions": [
                0
              ],
              "sample": []
            },
            {
              "name": "Name",
              "kind": "categorical",
              "categories": [
                {
                  "value": "\u00E9 \u0022quoted\u0022",
                  "count": 3
                }
              ],
              "otherCount": 1,
              "distinctCount": 2
            }
          ]
        }
        """;

    [Fact]
    public void BaselinesWrittenBeforeAreReadAndWrittenBackUnchanged()
    {
        var baseline = DriftBaseline.FromJson(WrittenByTheFirstWriter);
        var value = (NumericColumnBaseline)baseline.Columns[0];
        Assert.Equal((1L, 0L, 0L, 3L), (value.MissingCount, value.NegativeInfinityCount, value.PositiveInfinityCount, value.FiniteCount));
        Assert.Equal(new[] { 0.25, 1, 2 }, value.Sample);
        Assert.True(double.IsNaN(((NumericColumnBaseline)baseline.Columns[1]).Mean));
        Assert.Equal("é \"quoted\"", ((CategoricalColumnBaseline)baseline.Columns[2]).Categories[0].Key);
        Assert.Equal(WrittenByTheFirstWriter.Replace("\r\n", "\n"), baseline.ToJson().Replace("\r\n", "\n"));
    }

    [Fact]
    public void InfinityCountsAreWrittenOnlyWhenThereAreSome()
    {
        var column = new NumericColumnBaseline("Value", 5, 1, 1, 2, 1, 1, 1, 0, Array.Empty<double>(), new[] { 1.0 }, new[] { 1.0 });
        var json = new DriftBaseline(5, new[] { column }).ToJson();
        Assert.Contains("\"negativeInfinityCount\": 1", json);
        Assert.Contains("\"positiveInfinityCount\": 2", json);
        var read = (NumericColumnBaseline)DriftBaseline.FromJson(json).Columns[0];
        Assert.Equal((1L, 2L, 1L), (read.NegativeInfinityCount, read.PositiveInfinityCount, read.FiniteCount));
        Assert.DoesNotContain("InfinityCount", DriftBaseline.FromJson(WrittenByTheFirstWriter).ToJson());
    }
}
