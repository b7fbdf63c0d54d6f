using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsAnalyzers.Cli;

/// <summary>How a command prints: aligned text tables for people, Markdown (CI job summaries) or JSON (scripts).</summary>
public enum OutputFormat
{
    Table,
    Markdown,
    Json,
}

/// <summary>A table of text cells; numeric columns are right-aligned.</summary>
public sealed class Table
{
    public Table(string? title, params string[] headers)
    {
        Title = title;
        Headers = headers.ToList();
    }

    public string? Title { get; }

    public List<string> Headers { get; }

    public List<string[]> Rows { get; } = new();

    public Table Add(params string[] cells)
    {
        Rows.Add(cells);
        return this;
    }

    public void Write(TextWriter writer, OutputFormat format)
    {
        var columns = Headers.Count;
        var rightAligned = Enumerable.Range(0, columns)
            .Select(c => Rows.Any(r => c < r.Length && IsNumeric(r[c])) && Rows.All(r => c >= r.Length || r[c].Length == 0 || r[c] == "-" || IsNumeric(r[c])))
            .ToArray();
        if (format == OutputFormat.Markdown)
        {
            if (Title is not null)
            {
                writer.WriteLine($"### {Title}");
                writer.WriteLine();
            }

            writer.WriteLine("| " + string.Join(" | ", Headers.Select(Escape)) + " |");
            writer.WriteLine("|" + string.Concat(Enumerable.Range(0, columns).Select(c => rightAligned[c] ? " ---: |" : " --- |")));
            foreach (var row in Rows)
            {
                writer.WriteLine("| " + string.Join(" | ", Enumerable.Range(0, columns).Select(c => Escape(Cell(row, c)))) + " |");
            }

            writer.WriteLine();
            return;
        }

        if (Title is not null)
        {
            writer.WriteLine(Title);
        }

        var widths = Enumerable.Range(0, columns).Select(c => Math.Max(Headers[c].Length, Rows.Count == 0 ? 0 : Rows.Max(r => Cell(r, c).Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", Enumerable.Range(0, columns).Select(c => rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]))).TrimEnd();
        writer.WriteLine(Line(Headers));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in Rows)
        {
            writer.WriteLine(Line(Enumerable.Range(0, columns).Select(c => Cell(row, c)).ToList()));
        }

        writer.WriteLine();
    }

    private static string Cell(string[] row, int column) => column < row.Length ? row[column] : "";

    private static bool IsNumeric(string text)
        => double.TryParse(text.TrimStart('+'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}

/// <summary>Formatting shared by the commands.</summary>
public static class Text
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Number(double value)
        => double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity") : value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(double? value) => value is { } v ? Number(v) : "-";

    public static string Signed(double value) => double.IsFinite(value) && value > 0 ? "+" + Number(value) : Number(value);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration)
        => duration.TotalHours >= 1 ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : duration.TotalMinutes >= 1 ? duration.ToString(@"m\:ss", CultureInfo.InvariantCulture)
        : duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    /// <summary>A JSON number, or the string "NaN"/"Infinity" (JSON has no such numbers).</summary>
    public static JsonNode? Json(double value) => double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(Number(value));

    public static JsonNode? Json(double? value) => value is { } v ? Json(v) : null;

    public static JsonObject Json(IReadOnlyDictionary<string, double> values)
    {
        var result = new JsonObject();
        foreach (var pair in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[pair.Key] = Json(pair.Value);
        }

        return result;
    }

    public static JsonObject Json(IReadOnlyDictionary<string, string> values)
    {
        var result = new JsonObject();
        foreach (var pair in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[pair.Key] = pair.Value;
        }

        return result;
    }

    public static void WriteJson(TextWriter writer, JsonNode node) => writer.WriteLine(node.ToJsonString(JsonOptions));

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
