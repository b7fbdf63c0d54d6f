using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Cli;

/// <summary><c>mlops runs ...</c>.</summary>
public static class RunCommands
{
    public static Task<int> ListAsync(CommandContext context, string experiment, string? sort, bool ascending, int? top, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runs = ReadRuns(context, experiment);
        IEnumerable<(RunRecord Run, int Index)> ordered = runs.Select((r, i) => (r, i + 1));
        if (!string.IsNullOrWhiteSpace(sort))
        {
            RequireMetric(runs, sort!, experiment);
            ordered = ordered
                .OrderBy(r => r.Run.GetMetric(sort!) is { } v && !double.IsNaN(v) ? 0 : 1)
                .ThenBy(r => (ascending ? 1 : -1) * (r.Run.GetMetric(sort!) is { } v && !double.IsNaN(v) ? v : 0))
                .ThenBy(r => r.Index);
        }

        var shown = (top is { } n ? ordered.Take(n) : ordered).ToList();
        var metrics = ScalarMetrics(runs);
        if (sort is not null)
        {
            metrics.Remove(sort);
            metrics.Insert(0, sort);
        }

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["experiment"] = experiment,
                ["total"] = runs.Count,
                ["sort"] = sort,
                ["runs"] = new JsonArray(shown.Select(r => (JsonNode?)RunJson(r.Run, r.Index)).ToArray()),
            });
            return Task.FromResult(ExitCodes.Success);
        }

        var table = new Table(context.Format == OutputFormat.Markdown ? $"Runs of {experiment}" : null, new[] { "#", "RUN", "STATUS", "STARTED", "DURATION", "MODEL" }.Concat(metrics).ToArray());
        foreach (var (run, index) in shown)
        {
            table.Add(new[] { index.ToString(CultureInfo.InvariantCulture), RunName(run), run.Status.ToString(), Text.Time(run.StartTime), Text.Duration(run.EndTime - run.StartTime), run.Model is null ? "-" : $"{run.Model.Name}@{run.Model.Version}" }
                .Concat(metrics.Select(m => Text.Number(run.GetMetric(m)))).ToArray());
        }

        table.Write(context.Out, context.Format);
        if (shown.Count < runs.Count)
        {
            context.Out.WriteLine($"{shown.Count} of {runs.Count} runs shown.");
        }

        return Task.FromResult(ExitCodes.Success);
    }

    public static Task<int> CompareAsync(CommandContext context, string experiment, string metric, MetricGoal goal, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runs = ReadRuns(context, experiment);
        RequireMetric(runs, metric, experiment);
        var maximize = goal != MetricGoal.Minimize;
        var indexed = runs.Select((r, i) => (Run: r, Index: i + 1, Value: r.GetMetric(metric) is { } v && !double.IsNaN(v) ? v : (double?)null)).ToList();
        var valued = indexed.Where(r => r.Value is not null && r.Run.Status == RunStatus.Finished).ToList();
        var bestValue = valued.Count == 0 ? (double?)null : maximize ? valued.Max(r => r.Value!.Value) : valued.Min(r => r.Value!.Value);
        var best = valued.FirstOrDefault(r => r.Value == bestValue);
        var ranked = indexed
            .OrderBy(r => r.Value is null ? 1 : 0)
            .ThenBy(r => (maximize ? -1 : 1) * (r.Value ?? 0))
            .ThenBy(r => r.Index)
            .ToList();

        // The parameters that differ between runs explain the differences.
        var parameterNames = runs.SelectMany(r => r.Parameters.Keys).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal)
            .Where(p => runs.Select(r => r.Parameters.TryGetValue(p, out var v) ? v : null).Distinct().Count() > 1)
            .ToList();
        // The bars span every value shown, failed runs' included.
        var shownValues = indexed.Where(r => r.Value is not null).Select(r => r.Value!.Value).ToList();
        var min = shownValues.Count == 0 ? 0 : shownValues.Min();
        var max = shownValues.Count == 0 ? 0 : shownValues.Max();

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["experiment"] = experiment,
                ["metric"] = metric,
                ["goal"] = goal.ToString(),
                ["best"] = best.Run is null ? null : RunJson(best.Run, best.Index),
                ["mean"] = valued.Count == 0 ? null : Text.Json(valued.Average(r => r.Value!.Value)),
                ["runs"] = new JsonArray(ranked.Select((r, rank) => (JsonNode?)new JsonObject
                {
                    ["rank"] = r.Value is null ? null : rank + 1,
                    ["index"] = r.Index,
                    ["runId"] = r.Run.RunId,
                    ["name"] = r.Run.Name,
                    ["status"] = r.Run.Status.ToString(),
                    ["value"] = Text.Json(r.Value),
                    ["deltaFromBest"] = r.Value is { } v && bestValue is { } b ? Text.Json(v - b) : null,
                    ["parameters"] = Text.Json(parameterNames.Where(p => r.Run.Parameters.ContainsKey(p)).ToDictionary(p => p, p => r.Run.Parameters[p])),
                }).ToArray()),
            });
            return Task.FromResult(ExitCodes.Success);
        }

        var table = new Table(context.Format == OutputFormat.Markdown ? $"{metric} across the runs of {experiment}" : null, new[] { "RANK", "#", "RUN", "STATUS", metric, "VS BEST", "" }.Concat(parameterNames).ToArray());
        var rankNumber = 0;
        foreach (var r in ranked)
        {
            var bar = r.Value is { } v && max > min ? new string('#', 1 + (int)Math.Round(19 * (v - min) / (max - min))) : r.Value is null ? "" : "####################";
            table.Add(new[] { r.Value is null ? "-" : (++rankNumber).ToString(CultureInfo.InvariantCulture), r.Index.ToString(CultureInfo.InvariantCulture), RunName(r.Run), r.Run.Status.ToString(), Text.Number(r.Value), r.Value is { } x && bestValue is { } y ? Text.Signed(x - y) : "-", bar }
                .Concat(parameterNames.Select(p => r.Run.Parameters.TryGetValue(p, out var value) ? value : "-")).ToArray());
        }

        table.Write(context.Out, context.Format);
        if (best.Run is not null)
        {
            context.Out.WriteLine($"Best {metric} ({(maximize ? "highest" : "lowest")}): {Text.Number(bestValue)}, run #{best.Index} {RunName(best.Run)}; mean {Text.Number(valued.Average(r => r.Value!.Value))} over {valued.Count} finished runs.");
        }

        return Task.FromResult(ExitCodes.Success);
    }

    public static IReadOnlyList<RunRecord> ReadRuns(CommandContext context, string experiment)
    {
        ExperimentNames.Validate(experiment, nameof(experiment));
        var tracker = context.OpenTracker();
        var runs = tracker.ListRuns(experiment);
        if (runs.Count == 0)
        {
            var known = tracker.ListExperiments();
            throw new CliException(ExitCodes.NotFound, $"No run of an experiment named '{experiment}' is recorded in '{context.TrackingRoot}' ({(known.Count == 0 ? "it has no experiment" : "it has " + string.Join(", ", known))}).");
        }

        return runs;
    }

    /// <summary>The metrics with one value per run (not the items of list metrics such as <c>PerClassLogLoss[0]</c>), in ordinal order.</summary>
    public static List<string> ScalarMetrics(IEnumerable<RunRecord> runs)
        => runs.SelectMany(r => r.Metrics.Keys).Where(k => !k.EndsWith("]", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();

    public static string RunName(RunRecord run) => run.Name ?? (run.RunId.Length > 8 ? run.RunId.Substring(0, 8) : run.RunId);

    private static void RequireMetric(IReadOnlyList<RunRecord> runs, string metric, string experiment)
    {
        if (!runs.Any(r => r.Metrics.ContainsKey(metric)))
        {
            var known = ScalarMetrics(runs);
            throw new CliException(ExitCodes.NotFound, $"No run of '{experiment}' recorded the metric '{metric}' ({(known.Count == 0 ? "they have no metric" : "they have " + string.Join(", ", known))}).");
        }
    }

    private static JsonObject RunJson(RunRecord run, int index) => new()
    {
        ["index"] = index,
        ["runId"] = run.RunId,
        ["name"] = run.Name,
        ["status"] = run.Status.ToString(),
        ["startTime"] = run.StartTime,
        ["endTime"] = run.EndTime,
        ["parameters"] = Text.Json(run.Parameters),
        ["metrics"] = Text.Json(run.Metrics),
        ["tags"] = Text.Json(run.Tags),
        ["model"] = run.Model is null ? null : new JsonObject { ["name"] = run.Model.Name, ["version"] = run.Model.Version, ["alias"] = run.Model.Alias },
    };
}
