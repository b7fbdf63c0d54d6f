using System;
using System.Collections.Generic;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>What every <see cref="IExperimentTracker"/> can do: start runs, record evaluations, find the best run.</summary>
public static class ExperimentTrackerExtensions
{
    /// <summary>Starts a run of <paramref name="experiment"/>; end it with <see cref="ExperimentRun.End"/> or dispose it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="ArgumentException">The experiment name is not valid (see <see cref="ExperimentNames"/>).</exception>
    public static ExperimentRun StartRun(this IExperimentTracker tracker, string experiment, string? runName = null)
        => new(tracker, experiment, runName);

    /// <summary>
    /// Records <paramref name="metrics"/> (the result of a catalog's <c>Evaluate</c>) as a finished run of
    /// <paramref name="experiment"/>, field by field, and returns them unchanged so the call can wrap the evaluation:
    /// <c>var metrics = tracker.RecordEvaluation("prices", ml.Regression.Evaluate(predictions));</c>
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="metrics"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The experiment name is not valid, or <paramref name="metrics"/> is not an ML.NET metrics object.
    /// </exception>
    public static TMetrics RecordEvaluation<TMetrics>(this IExperimentTracker tracker, string experiment, TMetrics metrics)
        where TMetrics : class
    {
        if (metrics is null)
        {
            throw new ArgumentNullException(nameof(metrics));
        }

        // Flatten first: a wrong argument throws before a run is started.
        MlNetMetrics.Flatten(metrics);
        using (var run = tracker.StartRun(experiment))
        {
            run.LogMetrics(metrics);
        }

        return metrics;
    }

    /// <summary>
    /// Records the result of a catalog's <c>CrossValidate</c> as a finished run of <paramref name="experiment"/> (see
    /// <see cref="ExperimentRun.LogCrossValidation"/>) and returns it unchanged, so the call can wrap the
    /// cross-validation.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="results"/> is null.</exception>
    /// <exception cref="ArgumentException">The experiment name is not valid, or the results are empty or not ML.NET metrics.</exception>
    public static IReadOnlyList<TrainCatalogBase.CrossValidationResult<TMetrics>> RecordCrossValidation<TMetrics>(
        this IExperimentTracker tracker,
        string experiment,
        IReadOnlyList<TrainCatalogBase.CrossValidationResult<TMetrics>> results)
        where TMetrics : class
    {
        if (results is null)
        {
            throw new ArgumentNullException(nameof(results));
        }

        var run = tracker.StartRun(experiment);
        run.LogCrossValidation(results);
        run.End();
        return results;
    }

    /// <summary>
    /// The finished run of <paramref name="experiment"/> with the best value of <paramref name="metric"/>, or null
    /// when no finished run recorded it as a number. Failed runs and NaN values are ignored; of equal values, the
    /// earliest run wins.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="ArgumentException">The metric name is empty, or the experiment name is not valid.</exception>
    public static RunRecord? GetBestRun(this IExperimentTracker tracker, string experiment, string metric, MetricGoal goal)
    {
        if (tracker is null)
        {
            throw new ArgumentNullException(nameof(tracker));
        }

        RunRecord.RequireName(metric, nameof(metric));
        if (goal is not (MetricGoal.Maximize or MetricGoal.Minimize))
        {
            throw new ArgumentOutOfRangeException(nameof(goal), goal, "Unknown metric goal.");
        }

        RunRecord? best = null;
        var bestValue = 0.0;
        foreach (var run in tracker.ListRuns(experiment))
        {
            if (run.Status != RunStatus.Finished || run.GetMetric(metric) is not { } value || double.IsNaN(value))
            {
                continue;
            }

            if (best is null || (goal == MetricGoal.Maximize ? value > bestValue : value < bestValue))
            {
                best = run;
                bestValue = value;
            }
        }

        return best;
    }
}
