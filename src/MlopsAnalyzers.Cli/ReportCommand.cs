using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Cli;

/// <summary>
/// <c>mlops report</c>: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched): each model's
/// versions over registration time with their aliases and key metrics, and each experiment's metrics across its runs.
/// A model or experiment that cannot be read is shown as an error on the page, and the command exits non-zero.
/// </summary>
public static class ReportCommand
{
    private const int MaxChartsPerSection = 6;

    public static async Task<int> RunAsync(CommandContext context, string output, string? title, CancellationToken cancellationToken)
    {
        var registry = context.OpenRegistry();
        var models = new List<ModelSection>();
        foreach (var name in await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                models.Add(new ModelSection(name, await registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false), null, null));
            }
            catch (ModelRegistryException e)
            {
                models.Add(new ModelSection(name, Array.Empty<ModelVersion>(), e.Message, e is CorruptModelException ? ExitCodes.Corrupt : ExitCodes.Error));
            }
        }

        var tracker = context.OpenTracker();
        var experiments = tracker.ListExperiments().Select(e => (Name: e, Runs: tracker.ListRuns(e))).ToList();

        var html = Render(title ?? "MLOps report", context, models, experiments);
        var path = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html, new UTF8Encoding(false));

        var failed = models.Where(m => m.Error is not null).ToList();
        foreach (var model in failed)
        {
            context.Error.WriteLine($"error: model '{model.Name}': {model.Error}");
        }

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["path"] = path,
                ["models"] = models.Count,
                ["versions"] = models.Sum(m => m.Versions.Count),
                ["experiments"] = experiments.Count,
                ["runs"] = experiments.Sum(e => e.Runs.Count),
                ["errors"] = new JsonArray(failed.Select(m => (JsonNode?)JsonValue.Create($"{m.Name}: {m.Error}")).ToArray()),
            });
        }
        else
        {
            context.Out.WriteLine($"Wrote {output}: {models.Count} models ({models.Sum(m => m.Versions.Count)} versions), {experiments.Count} experiments ({experiments.Sum(e => e.Runs.Count)} runs){(failed.Count > 0 ? $", {failed.Count} unreadable" : "")}.");
        }

        return failed.Count == 0 ? ExitCodes.Success : failed.Max(m => m.ExitCode!.Value);
    }

    private sealed record ModelSection(string Name, IReadOnlyList<ModelVersion> Versions, string? Error, int? ExitCode);

    private static string Render(string title, CommandContext context, List<ModelSection> models, List<(string Name, IReadOnlyList<RunRecord> Runs)> experiments)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">Generated ").Append(E(Text.Time(DateTimeOffset.UtcNow)))
            .Append(" &middot; registry <code>").Append(E(context.RegistryRoot)).Append("</code> &middot; tracking <code>").Append(E(context.TrackingRoot)).Append("</code></p>\n");
        html.Append("<nav><a href=\"#models\">Models (").Append(models.Count).Append(")</a> <a href=\"#experiments\">Experiments (").Append(experiments.Count).Append(")</a></nav></header>\n");

        html.Append("<main>\n<h2 id=\"models\">Models</h2>\n");
        if (models.Count == 0)
        {
            html.Append("<p class=\"empty\">No model is registered.</p>\n");
        }

        foreach (var model in models)
        {
            RenderModel(html, model);
        }

        html.Append("<h2 id=\"experiments\">Experiments</h2>\n");
        if (experiments.Count == 0)
        {
            html.Append("<p class=\"empty\">No experiment run is recorded.</p>\n");
        }

        foreach (var (name, runs) in experiments)
        {
            RenderExperiment(html, name, runs);
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void RenderModel(StringBuilder html, ModelSection model)
    {
        html.Append("<section class=\"model\" id=\"model-").Append(E(model.Name)).Append("\" data-name=\"").Append(E(model.Name)).Append("\">\n<h3>").Append(E(model.Name)).Append("</h3>\n");
        if (model.Error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">Cannot read this model: ").Append(E(model.Error)).Append("</p>\n</section>\n");
            return;
        }

        var versions = model.Versions;
        var aliases = versions.SelectMany(v => v.Aliases.Select(a => $"{a} → v{v.Version}")).ToList();
        html.Append("<p class=\"summary\">").Append(versions.Count).Append(versions.Count == 1 ? " version" : " versions")
            .Append(versions.Count == 0 ? "" : $", registered {E(Text.Time(versions[0].CreatedAtUtc))} to {E(Text.Time(versions[^1].CreatedAtUtc))}")
            .Append(aliases.Count == 0 ? "; no alias" : "; aliases: " + string.Join(", ", aliases.Select(a => "<span class=\"alias\">" + E(a) + "</span>")))
            .Append("</p>\n");

        // Key metrics: those most versions recorded, then by name.
        var metrics = versions.SelectMany(v => v.Metrics.Keys).GroupBy(m => m, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(MaxChartsPerSection).ToList();
        html.Append("<div class=\"charts\">\n");
        // Versions evenly spaced in registration order (registrations minutes or months apart stay readable), dated below.
        foreach (var metric in metrics)
        {
            var points = versions.Select((v, i) => new Point(
                i + 1,
                v.Metrics.TryGetValue(metric, out var value) ? value : null,
                $"v{v.Version}",
                $"{model.Name} v{v.Version}: {metric} = {Text.Number(v.Metrics.TryGetValue(metric, out var t) ? t : null)} (registered {Text.Time(v.CreatedAtUtc)}){(v.Aliases.Count > 0 ? " [" + string.Join(", ", v.Aliases) + "]" : "")}",
                v.Aliases.Count > 0 ? string.Join(",", v.Aliases) : null,
                false,
                v.Version.ToString(CultureInfo.InvariantCulture),
                v.CreatedAtUtc.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
            html.Append(Chart($"{metric} by version", metric, points, "version, registered", "version"));
        }

        html.Append("</div>\n");
        html.Append("<table class=\"versions\">\n<thead><tr><th>Version</th><th>Registered</th><th>Aliases</th><th>Seed</th><th>Commit</th><th>Data</th>");
        foreach (var metric in metrics)
        {
            html.Append("<th>").Append(E(metric)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var v in versions.Reverse())
        {
            html.Append("<tr data-version=\"").Append(v.Version).Append("\"><td>").Append(v.Version).Append("</td><td>").Append(E(Text.Time(v.CreatedAtUtc))).Append("</td><td>")
                .Append(string.Join(" ", v.Aliases.Select(a => "<span class=\"alias\">" + E(a) + "</span>"))).Append("</td><td>").Append(E(v.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-"))
                .Append("</td><td><code>").Append(E(Short(v.SourceCommit, 10))).Append("</code></td><td><code>").Append(E(Short(v.TrainingDataFingerprint, 12))).Append("</code></td>");
            foreach (var metric in metrics)
            {
                html.Append("<td class=\"num\">").Append(E(Text.Number(v.Metrics.TryGetValue(metric, out var value) ? value : null))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void RenderExperiment(StringBuilder html, string name, IReadOnlyList<RunRecord> runs)
    {
        html.Append("<section class=\"experiment\" id=\"experiment-").Append(E(name)).Append("\" data-name=\"").Append(E(name)).Append("\">\n<h3>").Append(E(name)).Append("</h3>\n");
        var failed = runs.Count(r => r.Status == RunStatus.Failed);
        html.Append("<p class=\"summary\">").Append(runs.Count).Append(runs.Count == 1 ? " run" : " runs").Append(failed > 0 ? $" ({failed} failed)" : "");
        if (runs.Count > 0)
        {
            html.Append(", ").Append(E(Text.Time(runs.Min(r => r.StartTime)))).Append(" to ").Append(E(Text.Time(runs.Max(r => r.EndTime))));
        }

        html.Append("</p>\n<div class=\"charts\">\n");
        var metrics = runs.SelectMany(r => r.Metrics.Keys).Where(k => !k.EndsWith("]", StringComparison.Ordinal)).GroupBy(m => m, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(MaxChartsPerSection).ToList();
        foreach (var metric in metrics)
        {
            var points = runs.Select((r, i) => new Point(
                i + 1,
                r.GetMetric(metric),
                "#" + (i + 1).ToString(CultureInfo.InvariantCulture),
                $"run #{i + 1} {RunCommands.RunName(r)} ({r.Status}): {metric} = {Text.Number(r.GetMetric(metric))}",
                null,
                r.Status == RunStatus.Failed,
                (i + 1).ToString(CultureInfo.InvariantCulture),
                null)).ToList();
            html.Append(Chart($"{metric} across runs", metric, points, "run", "run"));
        }

        html.Append("</div>\n<table class=\"runs\">\n<thead><tr><th>#</th><th>Run</th><th>Status</th><th>Started</th><th>Duration</th><th>Model</th>");
        foreach (var metric in metrics)
        {
            html.Append("<th>").Append(E(metric)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            html.Append("<tr class=\"").Append(r.Status == RunStatus.Failed ? "failed" : "finished").Append("\"><td>").Append(i + 1).Append("</td><td>").Append(E(RunCommands.RunName(r))).Append("</td><td>").Append(r.Status)
                .Append("</td><td>").Append(E(Text.Time(r.StartTime))).Append("</td><td>").Append(E(Text.Duration(r.EndTime - r.StartTime))).Append("</td><td>")
                .Append(E(r.Model is null ? "-" : $"{r.Model.Name}@{r.Model.Version}")).Append("</td>");
            foreach (var metric in metrics)
            {
                html.Append("<td class=\"num\">").Append(E(Text.Number(r.GetMetric(metric)))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private sealed record Point(double X, double? Y, string XLabel, string Tooltip, string? Label, bool Failed, string Key, string? XSubLabel);

    /// <summary>A line chart with one circle per point that has a finite value; the y axis spans the values (with a margin).</summary>
    private static string Chart(string title, string metric, IReadOnlyList<Point> points, string xKind, string keyName)
    {
        const double Width = 420, Height = 230, Left = 64, Right = 16, Top = 30, Bottom = 48;
        var plotted = points.Where(p => p.Y is { } y && double.IsFinite(y)).ToList();
        var svg = new StringBuilder();
        svg.Append("<figure class=\"chart\"><svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(F(Width)).Append(' ').Append(F(Height))
            .Append("\" width=\"").Append(F(Width)).Append("\" height=\"").Append(F(Height)).Append("\" data-metric=\"").Append(E(metric)).Append("\" data-points=\"").Append(plotted.Count).Append("\">\n");
        svg.Append("<title>").Append(E(title)).Append("</title>\n");
        svg.Append("<text class=\"chart-title\" x=\"").Append(F(Left)).Append("\" y=\"18\">").Append(E(title)).Append("</text>\n");
        svg.Append("<line class=\"axis\" x1=\"").Append(F(Left)).Append("\" y1=\"").Append(F(Height - Bottom)).Append("\" x2=\"").Append(F(Width - Right)).Append("\" y2=\"").Append(F(Height - Bottom)).Append("\"/>\n");
        svg.Append("<line class=\"axis\" x1=\"").Append(F(Left)).Append("\" y1=\"").Append(F(Top)).Append("\" x2=\"").Append(F(Left)).Append("\" y2=\"").Append(F(Height - Bottom)).Append("\"/>\n");
        if (plotted.Count == 0)
        {
            svg.Append("<text class=\"no-data\" x=\"").Append(F(Width / 2)).Append("\" y=\"").Append(F(Height / 2)).Append("\" text-anchor=\"middle\">no finite value</text>\n</svg></figure>\n");
            return svg.ToString();
        }

        var minY = plotted.Min(p => p.Y!.Value);
        var maxY = plotted.Max(p => p.Y!.Value);
        if (minY == maxY)
        {
            var pad = minY == 0 ? 1 : Math.Abs(minY) * 0.05;
            minY -= pad;
            maxY += pad;
        }
        else
        {
            var pad = (maxY - minY) * 0.08;
            minY -= pad;
            maxY += pad;
        }

        var minX = points.Min(p => p.X);
        var maxX = points.Max(p => p.X);
        double Sx(double x) => maxX == minX ? Left + ((Width - Left - Right) / 2) : Left + 12 + ((x - minX) / (maxX - minX) * (Width - Left - Right - 24));
        double Sy(double y) => Top + ((maxY - y) / (maxY - minY) * (Height - Top - Bottom));

        foreach (var tick in new[] { minY, (minY + maxY) / 2, maxY })
        {
            svg.Append("<line class=\"grid\" x1=\"").Append(F(Left)).Append("\" y1=\"").Append(F(Sy(tick))).Append("\" x2=\"").Append(F(Width - Right)).Append("\" y2=\"").Append(F(Sy(tick))).Append("\"/>\n");
            svg.Append("<text class=\"tick\" x=\"").Append(F(Left - 6)).Append("\" y=\"").Append(F(Sy(tick) + 4)).Append("\" text-anchor=\"end\">").Append(E(Compact(tick))).Append("</text>\n");
        }

        // Label the first and last x (and every point when there are few).
        var labelled = points.Count <= 8 ? points : new[] { points[0], points[^1] };
        var dated = points.Count <= 4 ? points : new[] { points[0], points[^1] };
        foreach (var p in labelled)
        {
            svg.Append("<text class=\"tick\" x=\"").Append(F(Sx(p.X))).Append("\" y=\"").Append(F(Height - Bottom + 14)).Append("\" text-anchor=\"middle\">").Append(E(p.XLabel)).Append("</text>\n");
            if (p.XSubLabel is not null && dated.Contains(p))
            {
                svg.Append("<text class=\"tick date\" x=\"").Append(F(Sx(p.X))).Append("\" y=\"").Append(F(Height - Bottom + 26)).Append("\" text-anchor=\"middle\">").Append(E(p.XSubLabel)).Append("</text>\n");
            }
        }

        svg.Append("<text class=\"axis-label\" x=\"").Append(F(Width - Right)).Append("\" y=\"").Append(F(Height - 6)).Append("\" text-anchor=\"end\">").Append(E(xKind)).Append("</text>\n");
        svg.Append("<polyline class=\"series\" points=\"").Append(string.Join(" ", plotted.Select(p => F(Sx(p.X)) + "," + F(Sy(p.Y!.Value))))).Append("\"/>\n");
        foreach (var p in plotted)
        {
            svg.Append("<circle class=\"point").Append(p.Failed ? " failed" : "").Append(p.Label is null ? "" : " aliased").Append("\" cx=\"").Append(F(Sx(p.X))).Append("\" cy=\"").Append(F(Sy(p.Y!.Value)))
                .Append("\" r=\"").Append(p.Label is null ? "4" : "6").Append("\" data-").Append(keyName).Append("=\"").Append(E(p.Key)).Append("\" data-value=\"").Append(E(p.Y!.Value.ToString("R", CultureInfo.InvariantCulture))).Append("\"><title>")
                .Append(E(p.Tooltip)).Append("</title></circle>\n");
            if (p.Label is not null)
            {
                svg.Append("<text class=\"alias-label\" x=\"").Append(F(Sx(p.X))).Append("\" y=\"").Append(F(Sy(p.Y!.Value) - 10)).Append("\" text-anchor=\"middle\">").Append(E(p.Label)).Append("</text>\n");
            }
        }

        svg.Append("</svg></figure>\n");
        return svg.ToString();
    }

    private static string Compact(double value) => Math.Abs(value) >= 1e5 || (Math.Abs(value) < 1e-3 && value != 0) ? value.ToString("0.##e0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Short(string? text, int length) => string.IsNullOrEmpty(text) ? "-" : text!.Length > length ? text.Substring(0, length) : text;

    private const string Css = @"
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #cbd2d9; --accent: #2563eb; --bad: #c2410c; --alias: #047857; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); background: #f8fafc; }
header { padding: 20px 32px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 28px 0 8px; font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 4px; font-size: 16px; }
.meta, .summary, .empty { color: var(--muted); margin: 4px 0 10px; }
nav a { margin-right: 16px; color: var(--accent); text-decoration: none; }
main { padding: 0 32px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 14px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
figure.chart { margin: 0; border: 1px solid #e4e7eb; border-radius: 6px; background: #fff; }
svg.chart { display: block; }
svg .chart-title { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg .axis { stroke: #9aa5b1; stroke-width: 1; }
svg .grid { stroke: #eef0f3; stroke-width: 1; }
svg .tick, svg .axis-label { font-size: 10px; fill: var(--muted); }
svg .series { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg .point { fill: var(--accent); stroke: #fff; stroke-width: 1; }
svg .point.aliased { fill: var(--alias); }
svg .point.failed { fill: #fff; stroke: var(--bad); stroke-width: 2; }
svg .alias-label { font-size: 10px; font-weight: 600; fill: var(--alias); }
svg .no-data { font-size: 12px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 4px 8px; text-align: left; white-space: nowrap; }
th { background: #f1f5f9; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: var(--bad); }
.alias { display: inline-block; padding: 0 6px; border-radius: 8px; background: #d1fae5; color: var(--alias); font-size: 12px; margin-right: 4px; }
.error { color: var(--bad); font-weight: 600; }
code { font-size: 12px; }
";
}
