using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The JSON-lines form of a run: one object per line, UTF-8, no byte-order mark. Metric values that JSON numbers cannot
/// hold are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class RunJson
{
    /// <summary>The version of the line format, written to every line as <c>"format"</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Compact, and readable: characters that matter only inside HTML (<c>+</c>, <c>&lt;</c>, non-ASCII letters) are not
    /// escaped; quotes, backslashes and control characters (line breaks included) always are, so a run stays on one line.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The run as one line of UTF-8 JSON, ending with <c>'\n'</c>.</summary>
    public static byte[] ToLine(RunRecord run)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteString("runId", run.RunId);
            writer.WriteString("experiment", run.Experiment);
            if (run.Name is not null)
            {
                writer.WriteString("name", run.Name);
            }

            writer.WriteString("status", run.Status == RunStatus.Finished ? "finished" : "failed");
            writer.WriteString("startTime", run.StartTime.ToString("o", CultureInfo.InvariantCulture));
            writer.WriteString("endTime", run.EndTime.ToString("o", CultureInfo.InvariantCulture));
            WriteStrings(writer, "parameters", run.Parameters);
            writer.WriteStartObject("metrics");
            foreach (var pair in run.Metrics)
            {
                WriteDouble(writer, pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            WriteStrings(writer, "tags", run.Tags);
            if (run.Model is { } model)
            {
                writer.WriteStartObject("model");
                writer.WriteString("name", model.Name);
                writer.WriteNumber("version", model.Version);
                if (model.Alias is not null)
                {
                    writer.WriteString("alias", model.Alias);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads one line back; throws <see cref="FormatException"/> or <see cref="JsonException"/> when it is not a run.</summary>
    public static RunRecord FromLine(ReadOnlyMemory<byte> line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The line is not a JSON object.");
        }

        var format = Required(root, "format").GetInt32();
        if (format != FormatVersion)
        {
            throw new FormatException($"Line format {format} is not supported (this library reads format {FormatVersion}).");
        }

        var status = RequiredString(root, "status") switch
        {
            "finished" => RunStatus.Finished,
            "failed" => RunStatus.Failed,
            var other => throw new FormatException($"Unknown run status '{other}'."),
        };

        ModelVersionLink? model = null;
        if (root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.Object)
        {
            model = new ModelVersionLink(
                RequiredString(modelElement, "name"),
                Required(modelElement, "version").GetInt32(),
                modelElement.TryGetProperty("alias", out var alias) && alias.ValueKind == JsonValueKind.String ? alias.GetString() : null);
        }

        return new RunRecord(
            RequiredString(root, "runId"),
            RequiredString(root, "experiment"),
            root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
            status,
            DateTimeOffset.ParseExact(RequiredString(root, "startTime"), "o", CultureInfo.InvariantCulture, DateTimeStyles.None),
            DateTimeOffset.ParseExact(RequiredString(root, "endTime"), "o", CultureInfo.InvariantCulture, DateTimeStyles.None),
            ReadStrings(root, "parameters"),
            ReadMetrics(root),
            ReadStrings(root, "tags"),
            model);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string property, IReadOnlyDictionary<string, string> values)
    {
        writer.WriteStartObject(property);
        foreach (var pair in values)
        {
            writer.WriteString(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, string key, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteString(key, "NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            writer.WriteString(key, "Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.WriteString(key, "-Infinity");
        }
        else
        {
            writer.WriteNumber(key, value);
        }
    }

    private static Dictionary<string, string>? ReadStrings(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateObject())
        {
            values[item.Name] = item.Value.GetString() ?? throw new FormatException($"'{property}.{item.Name}' is null.");
        }

        return values;
    }

    private static Dictionary<string, double>? ReadMetrics(JsonElement root)
    {
        if (!root.TryGetProperty("metrics", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateObject())
        {
            values[item.Name] = item.Value.ValueKind switch
            {
                JsonValueKind.Number => item.Value.GetDouble(),
                JsonValueKind.String => item.Value.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    var other => throw new FormatException($"Metric '{item.Name}' has the value '{other}', which is not a number."),
                },
                _ => throw new FormatException($"Metric '{item.Name}' is not a number."),
            };
        }

        return values;
    }

    private static JsonElement Required(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) ? value : throw new FormatException($"The property '{property}' is missing.");

    private static string RequiredString(JsonElement element, string property)
        => Required(element, property).GetString() ?? throw new FormatException($"The property '{property}' is null.");
}
