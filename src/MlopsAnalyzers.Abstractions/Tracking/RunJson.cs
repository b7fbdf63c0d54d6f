using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The JSON-lines form of a run: one object per line, UTF-8, no byte-order mark, written and read by
/// <see cref="JsonSerializer"/>. Metric values that JSON numbers cannot hold are written as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c> (<see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/>).
/// </summary>
internal static class RunJson
{
    /// <summary>The version of the line format, written to every line as <c>"format"</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Compact, and readable: characters that matter only inside HTML (<c>+</c>, <c>&lt;</c>, non-ASCII letters) are not
    /// escaped; quotes, backslashes and control characters (line breaks included) always are, so a run stays on one line.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The run as one line of UTF-8 JSON, ending with <c>'\n'</c>.</summary>
    public static byte[] ToLine(RunRecord run)
    {
        var line = new Line
        {
            Format = FormatVersion,
            RunId = run.RunId,
            Experiment = run.Experiment,
            Name = run.Name,
            Status = run.Status == RunStatus.Finished ? "finished" : "failed",
            StartTime = run.StartTime.ToString("o", CultureInfo.InvariantCulture),
            EndTime = run.EndTime.ToString("o", CultureInfo.InvariantCulture),
            Parameters = run.Parameters,
            Metrics = run.Metrics,
            Tags = run.Tags,
            Model = run.Model is { } model ? new ModelLine { Name = model.Name, Version = model.Version, Alias = model.Alias } : null,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(line, Options);
        var bytes = new byte[json.Length + 1];
        Buffer.BlockCopy(json, 0, bytes, 0, json.Length);
        bytes[json.Length] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads one line back; throws <see cref="FormatException"/> or <see cref="JsonException"/> when it is not a run.</summary>
    public static RunRecord FromLine(ReadOnlySpan<byte> bytes)
    {
        var line = JsonSerializer.Deserialize<Line>(bytes, Options) ?? throw new FormatException("The line is not a JSON object.");
        var format = line.Format ?? throw Missing("format");
        if (format != FormatVersion)
        {
            throw new FormatException($"Line format {format} is not supported (this library reads format {FormatVersion}).");
        }

        var status = (line.Status ?? throw Missing("status")) switch
        {
            "finished" => RunStatus.Finished,
            "failed" => RunStatus.Failed,
            var other => throw new FormatException($"Unknown run status '{other}'."),
        };

        ModelVersionLink? model = null;
        if (line.Model is { } link)
        {
            model = new ModelVersionLink(link.Name ?? throw Missing("model.name"), link.Version ?? throw Missing("model.version"), link.Alias);
        }

        return new RunRecord(
            line.RunId ?? throw Missing("runId"),
            line.Experiment ?? throw Missing("experiment"),
            line.Name,
            status,
            ParseTime(line.StartTime, "startTime"),
            ParseTime(line.EndTime, "endTime"),
            line.Parameters,
            line.Metrics,
            line.Tags,
            model);
    }

    private static DateTimeOffset ParseTime(string? text, string property)
        => DateTimeOffset.ParseExact(text ?? throw Missing(property), "o", CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static FormatException Missing(string property) => new($"The property '{property}' is missing or null.");

    /// <summary>One line; the property order is the order they are written in.</summary>
    private sealed class Line
    {
        [JsonPropertyName("format")]
        public int? Format { get; set; }

        [JsonPropertyName("runId")]
        public string? RunId { get; set; }

        [JsonPropertyName("experiment")]
        public string? Experiment { get; set; }

        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        [JsonPropertyName("startTime")]
        public string? StartTime { get; set; }

        [JsonPropertyName("endTime")]
        public string? EndTime { get; set; }

        [JsonPropertyName("parameters")]
        public IReadOnlyDictionary<string, string>? Parameters { get; set; }

        [JsonPropertyName("metrics")]
        public IReadOnlyDictionary<string, double>? Metrics { get; set; }

        [JsonPropertyName("tags")]
        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        [JsonPropertyName("model")]
        public ModelLine? Model { get; set; }
    }

    private sealed class ModelLine
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("version")]
        public int? Version { get; set; }

        [JsonPropertyName("alias")]
        public string? Alias { get; set; }
    }
}
