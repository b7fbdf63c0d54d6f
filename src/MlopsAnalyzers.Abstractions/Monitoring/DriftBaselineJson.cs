using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// The JSON form of a <see cref="DriftBaseline"/> (format 1). Numbers JSON cannot hold (NaN, infinities) are written
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class DriftBaselineJson
{
    public const int FormatVersion = 1;

    public static string Write(DriftBaseline baseline)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteNumber("rowCount", baseline.RowCount);
            writer.WriteStartArray("columns");
            foreach (var column in baseline.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("kind", column.Kind == ColumnKind.Numeric ? "numeric" : "categorical");
                switch (column)
                {
                    case NumericColumnBaseline numeric:
                        writer.WriteNumber("missingCount", numeric.MissingCount);
                        if (numeric.NegativeInfinityCount != 0 || numeric.PositiveInfinityCount != 0)
                        {
                            writer.WriteNumber("negativeInfinityCount", numeric.NegativeInfinityCount);
                            writer.WriteNumber("positiveInfinityCount", numeric.PositiveInfinityCount);
                        }

                        WriteDouble(writer, "min", numeric.Min);
                        WriteDouble(writer, "max", numeric.Max);
                        WriteDouble(writer, "mean", numeric.Mean);
                        WriteDouble(writer, "standardDeviation", numeric.StandardDeviation);
                        WriteDoubles(writer, "binEdges", numeric.BinEdges);
                        WriteDoubles(writer, "binProportions", numeric.BinProportions);
                        WriteDoubles(writer, "sample", numeric.Sample);
                        break;
                    case CategoricalColumnBaseline categorical:
                        writer.WriteStartArray("categories");
                        foreach (var category in categorical.Categories)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("value", category.Key);
                            writer.WriteNumber("count", category.Value);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        writer.WriteNumber("otherCount", categorical.OtherCount);
                        writer.WriteNumber("distinctCount", categorical.DistinctCount);
                        break;
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static DriftBaseline Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it is not a JSON object");
            }

            var format = Required(root, "format").GetInt32();
            if (format != FormatVersion)
            {
                throw new FormatException($"its format is {format}; this library reads format {FormatVersion}");
            }

            var rows = Required(root, "rowCount").GetInt64();
            var columns = new List<ColumnBaseline>();
            foreach (var element in Required(root, "columns").EnumerateArray())
            {
                var name = RequiredString(element, "name");
                columns.Add(RequiredString(element, "kind") switch
                {
                    "numeric" => new NumericColumnBaseline(
                        name,
                        rows,
                        Required(element, "missingCount").GetInt64(),
                        Optional(element, "negativeInfinityCount"),
                        Optional(element, "positiveInfinityCount"),
                        ReadDouble(Required(element, "min")),
                        ReadDouble(Required(element, "max")),
                        ReadDouble(Required(element, "mean")),
                        ReadDouble(Required(element, "standardDeviation")),
                        ReadDoubles(element, "binEdges"),
                        ReadDoubles(element, "binProportions"),
                        ReadDoubles(element, "sample")),
                    "categorical" => new CategoricalColumnBaseline(
                        name,
                        rows,
                        ReadCategories(element),
                        Required(element, "otherCount").GetInt64(),
                        Required(element, "distinctCount").GetInt64()),
                    var other => throw new FormatException($"the column '{name}' has the unknown kind '{other}'"),
                });
            }

            return new DriftBaseline(rows, columns);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new FormatException($"The drift baseline is not valid: {e.Message}", e);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value);
    }

    private static void WriteDoubles(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            WriteDoubleValue(writer, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            writer.WriteStringValue("Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.WriteStringValue("-Infinity");
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static double ReadDouble(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"'{other}' is not a number"),
        },
        _ => throw new FormatException($"a {element.ValueKind} is not a number"),
    };

    private static List<double> ReadDoubles(JsonElement element, string name)
    {
        var values = new List<double>();
        foreach (var item in Required(element, name).EnumerateArray())
        {
            values.Add(ReadDouble(item));
        }

        return values;
    }

    private static List<KeyValuePair<string, long>> ReadCategories(JsonElement element)
    {
        var categories = new List<KeyValuePair<string, long>>();
        foreach (var item in Required(element, "categories").EnumerateArray())
        {
            categories.Add(new KeyValuePair<string, long>(RequiredString(item, "value"), Required(item, "count").GetInt64()));
        }

        return categories;
    }

    private static JsonElement Required(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value
            : throw new FormatException($"the property '{property}' is missing");

    private static long Optional(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) ? value.GetInt64() : 0;

    private static string RequiredString(JsonElement element, string property)
        => Required(element, property).GetString() ?? throw new FormatException($"the property '{property}' is null");
}
