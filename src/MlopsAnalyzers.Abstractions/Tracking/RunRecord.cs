using System;
using System.Collections.Generic;
using System.Globalization;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// One completed run of an experiment, as the tracker stores it: when it ran, how it ended, its parameters, metrics and
/// tags, and the registered model version it produced. Immutable; built by <see cref="ExperimentRun.End"/> or read back
/// by <see cref="IExperimentTracker.ListRuns"/>.
/// </summary>
public sealed class RunRecord
{
    private static readonly IReadOnlyDictionary<string, string> NoStrings = new SortedDictionary<string, string>(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Creates a run record; the dictionaries are copied.</summary>
    /// <exception cref="ArgumentException">
    /// The run ID is empty, the experiment name is not valid (see <see cref="ExperimentNames.Validate"/>), the end is
    /// before the start, or a parameter, metric or tag name is empty.
    /// </exception>
    /// <exception cref="ArgumentNullException">A parameter or tag value is null.</exception>
    public RunRecord(
        string runId,
        string experiment,
        string? name,
        RunStatus status,
        DateTimeOffset startTime,
        DateTimeOffset endTime,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, double>? metrics,
        IReadOnlyDictionary<string, string>? tags,
        ModelVersionLink? model)
    {
        if (string.IsNullOrWhiteSpace(runId))
        {
            throw new ArgumentException("A run ID is required.", nameof(runId));
        }

        ExperimentNames.Validate(experiment, nameof(experiment));
        if (endTime < startTime)
        {
            throw new ArgumentException($"The run ends ({endTime:o}) before it starts ({startTime:o}).", nameof(endTime));
        }

        if (status is not (RunStatus.Finished or RunStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status.");
        }

        RunId = runId;
        Experiment = experiment;
        Name = name;
        Status = status;
        StartTime = startTime;
        EndTime = endTime;
        Parameters = Copy(parameters, nameof(parameters)) ?? NoStrings;
        Metrics = CopyMetrics(metrics) ?? NoMetrics;
        Tags = Copy(tags, nameof(tags)) ?? NoStrings;
        Model = model;
    }

    /// <summary>The run's unique ID.</summary>
    public string RunId { get; }

    /// <summary>The experiment the run belongs to.</summary>
    public string Experiment { get; }

    /// <summary>An optional human-readable name for the run.</summary>
    public string? Name { get; }

    /// <summary>How the run ended.</summary>
    public RunStatus Status { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>When the run ended.</summary>
    public DateTimeOffset EndTime { get; }

    /// <summary>Parameters (hyperparameters, data version, ...), by name, as invariant-culture strings.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// Metrics by name. ML.NET metrics objects are stored field by field under their property names (see
    /// <see cref="MlNetMetrics.Flatten"/>); a list such as <c>PerClassLogLoss</c> is stored as <c>PerClassLogLoss[0]</c>,
    /// <c>PerClassLogLoss[1]</c>, ... (read it back with <see cref="GetMetricList"/>).
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Free-form tags by name.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The registered model version the run produced, or null.</summary>
    public ModelVersionLink? Model { get; }

    /// <summary>The value of metric <paramref name="name"/>, or null when the run did not record it.</summary>
    public double? GetMetric(string name) => Metrics.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The list metric recorded as <c>name[0]</c>, <c>name[1]</c>, ... in index order (for example
    /// <c>NormalizedDiscountedCumulativeGains</c> or <c>PerClassLogLoss</c>); empty when the run has none.
    /// </summary>
    public IReadOnlyList<double> GetMetricList(string name)
    {
        var values = new List<double>();
        while (Metrics.TryGetValue(MlNetMetrics.ItemKey(name, values.Count), out var value))
        {
            values.Add(value);
        }

        return values;
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture, "{0}/{1} ({2}, {3} metrics)", Experiment, Name ?? RunId, Status, Metrics.Count);

    private static IReadOnlyDictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? source, string argument)
    {
        if (source is null || source.Count == 0)
        {
            return null;
        }

        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in source)
        {
            copy[RequireName(pair.Key, argument)] = pair.Value ?? throw new ArgumentNullException(argument, $"The value of '{pair.Key}' is null.");
        }

        return copy;
    }

    private static IReadOnlyDictionary<string, double>? CopyMetrics(IReadOnlyDictionary<string, double>? source)
    {
        if (source is null || source.Count == 0)
        {
            return null;
        }

        var copy = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in source)
        {
            copy[RequireName(pair.Key, "metrics")] = pair.Value;
        }

        return copy;
    }

    internal static string RequireName(string? name, string argument)
        => string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("Names of parameters, metrics and tags must not be empty.", argument) : name!;
}
