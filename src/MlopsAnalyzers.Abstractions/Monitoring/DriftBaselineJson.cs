using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// The JSON form of a <see cref="DriftBaseline"/> (format 1), written and read by <see cref="JsonSerializer"/>.
/// Numbers JSON cannot hold (NaN, infinities) are the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>
/// (<see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/>); the counts of infinities, added later, are
/// written only when not zero and read as zero when absent, so baselines written before stay readable.
/// </summary>
internal static class DriftBaselineJson
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(DriftBaseline baseline)
        => JsonSerializer.Serialize(
            new BaselineDocument
            {
                Format = FormatVersion,
                RowCount = baseline.RowCount,
                Columns = baseline.Columns.Select(c => (ColumnDocument?)ColumnDocument.Of(c)).ToList(),
            },
            Options);

    public static DriftBaseline Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it is not a JSON object");
            }

            var root = document.RootElement.Deserialize<BaselineDocument>(Options)!;
            var format = Required(root.Format, "format");
            if (format != FormatVersion)
            {
                throw new FormatException($"its format is {format}; this library reads format {FormatVersion}");
            }

            var rows = Required(root.RowCount, "rowCount");
            var columns = Required(root.Columns, "columns").Select(c => Required(c, "columns[]").ToBaseline(rows)).ToList();
            return new DriftBaseline(rows, columns);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"The drift baseline is not valid: {e.Message}", e);
        }
    }

    private static T Required<T>(T? value, string property)
        where T : class
        => value ?? throw new FormatException($"the property '{property}' is missing");

    private static T Required<T>(T? value, string property)
        where T : struct
        => value ?? throw new FormatException($"the property '{property}' is missing");

    private sealed class BaselineDocument
    {
        public int? Format { get; set; }

        public long? RowCount { get; set; }

        public List<ColumnDocument?>? Columns { get; set; }
    }

    private sealed class ColumnDocument
    {
        public string? Name { get; set; }

        public string? Kind { get; set; }

        public long? MissingCount { get; set; }

        public long? NegativeInfinityCount { get; set; }

        public long? PositiveInfinityCount { get; set; }

        public double? Min { get; set; }

        public double? Max { get; set; }

        public double? Mean { get; set; }

        public double? StandardDeviation { get; set; }

        public List<double>? BinEdges { get; set; }

        public List<double>? BinProportions { get; set; }

        public List<double>? Sample { get; set; }

        public List<CategoryDocument?>? Categories { get; set; }

        public long? OtherCount { get; set; }

        public long? DistinctCount { get; set; }

        public static ColumnDocument Of(ColumnBaseline column) => column switch
        {
            NumericColumnBaseline numeric => new ColumnDocument
            {
                Name = numeric.Name,
                Kind = "numeric",
                MissingCount = numeric.MissingCount,
                NegativeInfinityCount = numeric.NegativeInfinityCount == 0 && numeric.PositiveInfinityCount == 0 ? null : numeric.NegativeInfinityCount,
                PositiveInfinityCount = numeric.NegativeInfinityCount == 0 && numeric.PositiveInfinityCount == 0 ? null : numeric.PositiveInfinityCount,
                Min = numeric.Min,
                Max = numeric.Max,
                Mean = numeric.Mean,
                StandardDeviation = numeric.StandardDeviation,
                BinEdges = numeric.BinEdges.ToList(),
                BinProportions = numeric.BinProportions.ToList(),
                Sample = numeric.Sample.ToList(),
            },
            CategoricalColumnBaseline categorical => new ColumnDocument
            {
                Name = categorical.Name,
                Kind = "categorical",
                Categories = categorical.Categories.Select(c => (CategoryDocument?)new CategoryDocument { Value = c.Key, Count = c.Value }).ToList(),
                OtherCount = categorical.OtherCount,
                DistinctCount = categorical.DistinctCount,
            },
            _ => throw new ArgumentException($"The column '{column.Name}' is of an unknown kind.", nameof(column)),
        };

        public ColumnBaseline ToBaseline(long rows)
        {
            var name = Required(Name, "name");
            return Required(Kind, "kind") switch
            {
                "numeric" => new NumericColumnBaseline(
                    name,
                    rows,
                    Required(MissingCount, "missingCount"),
                    NegativeInfinityCount ?? 0,
                    PositiveInfinityCount ?? 0,
                    Required(Min, "min"),
                    Required(Max, "max"),
                    Required(Mean, "mean"),
                    Required(StandardDeviation, "standardDeviation"),
                    Required(BinEdges, "binEdges"),
                    Required(BinProportions, "binProportions"),
                    Required(Sample, "sample")),
                "categorical" => new CategoricalColumnBaseline(
                    name,
                    rows,
                    Required(Categories, "categories")
                        .Select(c => new KeyValuePair<string, long>(Required(Required(c, "categories[]").Value, "value"), Required(c!.Count, "count")))
                        .ToList(),
                    Required(OtherCount, "otherCount"),
                    Required(DistinctCount, "distinctCount")),
                var other => throw new FormatException($"the column '{name}' has the unknown kind '{other}'"),
            };
        }
    }

    private sealed class CategoryDocument
    {
        public string? Value { get; set; }

        public long? Count { get; set; }
    }
}
