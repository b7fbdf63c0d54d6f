using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// A run in progress: collect parameters, metrics, tags and the model version it produced, then <see cref="End"/> it
/// (or dispose it) to append it to the tracker as one record. Nothing is written before the run ends. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var run = ExperimentTracker.Default.StartRun("house-prices");
/// run.LogParameter("trainer", "Sdca");
/// run.LogMetrics(mlContext.Regression.Evaluate(model.Transform(split.TestSet)));
/// run.LinkModel("house-prices", version: 3);
/// </code>
/// </example>
public sealed class ExperimentRun : IDisposable
{
    private readonly object _gate = new();
    private readonly IExperimentTracker _tracker;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private ModelVersionLink? _model;
    private RunRecord? _record;

    /// <summary>Starts a run of <paramref name="experiment"/> that <see cref="End"/> appends to <paramref name="tracker"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="ArgumentException">The experiment name is not valid (see <see cref="ExperimentNames"/>).</exception>
    public ExperimentRun(IExperimentTracker tracker, string experiment, string? name = null)
        : this(tracker, experiment, name, static () => DateTimeOffset.UtcNow)
    {
    }

    internal ExperimentRun(IExperimentTracker tracker, string experiment, string? name, Func<DateTimeOffset> clock)
    {
        _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
        ExperimentNames.Validate(experiment, nameof(experiment));
        _clock = clock;
        Experiment = experiment;
        Name = name;
        RunId = Guid.NewGuid().ToString("N");
        StartTime = clock();
    }

    /// <summary>The run's unique ID.</summary>
    public string RunId { get; }

    /// <summary>The experiment the run belongs to.</summary>
    public string Experiment { get; }

    /// <summary>The run's optional name.</summary>
    public string? Name { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>The stored record once the run has ended, else null.</summary>
    public RunRecord? Record
    {
        get
        {
            lock (_gate)
            {
                return _record;
            }
        }
    }

    /// <summary>
    /// Records a parameter. Values are stored as invariant-culture strings (<c>0.1</c>, not <c>0,1</c>). Parameters
    /// describe the run's inputs and do not change: logging a name again with a different value throws.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="InvalidOperationException">The parameter already has another value, or the run has ended.</exception>
    public ExperimentRun LogParameter(string name, object value)
    {
        RunRecord.RequireName(name, nameof(name));
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"Parameter '{name}' has no value.");
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        lock (_gate)
        {
            ThrowIfEnded();
            if (_parameters.TryGetValue(name, out var existing) && !string.Equals(existing, text, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Parameter '{name}' is already '{existing}' in this run; parameters do not change within a run.");
            }

            _parameters[name] = text;
        }

        return this;
    }

    /// <summary>Records a metric; logging the same name again replaces the value.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="InvalidOperationException">The run has ended.</exception>
    public ExperimentRun LogMetric(string name, double value)
    {
        RunRecord.RequireName(name, nameof(name));
        lock (_gate)
        {
            ThrowIfEnded();
            _metrics[name] = value;
        }

        return this;
    }

    /// <summary>
    /// Records every field of an ML.NET metrics object (see <see cref="MlNetMetrics.Flatten"/>), each under
    /// <c>prefix.Name</c> when <paramref name="prefix"/> is given (for example <c>"train"</c> and <c>"test"</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> is not an ML.NET metrics object.</exception>
    /// <exception cref="InvalidOperationException">The run has ended.</exception>
    public ExperimentRun LogMetrics(object metrics, string? prefix = null)
    {
        var values = MlNetMetrics.Flatten(metrics);
        lock (_gate)
        {
            ThrowIfEnded();
            foreach (var pair in values)
            {
                _metrics[Prefixed(prefix, pair.Key)] = pair.Value;
            }
        }

        return this;
    }

    /// <summary>
    /// Records the result of a catalog's <c>CrossValidate</c>: every field of each fold's metrics as
    /// <c>Fold[i].Name</c>, and the mean over the folds that have the field as <c>Name</c> (NaN values count as
    /// missing). The number of folds goes to the parameter <c>cv.folds</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or one of its metrics is null.</exception>
    /// <exception cref="ArgumentException">The results are empty, or their metrics are not ML.NET metrics objects.</exception>
    /// <exception cref="InvalidOperationException">The run has ended.</exception>
    public ExperimentRun LogCrossValidation<TMetrics>(IReadOnlyList<TrainCatalogBase.CrossValidationResult<TMetrics>> results, string? prefix = null)
        where TMetrics : class
    {
        if (results is null)
        {
            throw new ArgumentNullException(nameof(results));
        }

        if (results.Count == 0)
        {
            throw new ArgumentException("Cross-validation produced no folds.", nameof(results));
        }

        var perFold = new List<KeyValuePair<string, double>>();
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i] ?? throw new ArgumentNullException(nameof(results), $"Fold {i} is null.");
            var metrics = result.Metrics ?? throw new ArgumentNullException(nameof(results), $"Fold {i} has no metrics.");
            foreach (var pair in MlNetMetrics.Flatten(metrics))
            {
                perFold.Add(new KeyValuePair<string, double>(MlNetMetrics.ItemKey("Fold", i) + "." + pair.Key, pair.Value));
                if (!sums.TryGetValue(pair.Key, out var total))
                {
                    order.Add(pair.Key);
                    total = (0, 0);
                }

                sums[pair.Key] = double.IsNaN(pair.Value) ? total : (total.Sum + pair.Value, total.Count + 1);
            }
        }

        LogParameter(Prefixed(prefix, "cv.folds"), results.Count);
        lock (_gate)
        {
            ThrowIfEnded();
            foreach (var key in order)
            {
                var total = sums[key];
                _metrics[Prefixed(prefix, key)] = total.Count == 0 ? double.NaN : total.Sum / total.Count;
            }

            foreach (var pair in perFold)
            {
                _metrics[Prefixed(prefix, pair.Key)] = pair.Value;
            }
        }

        return this;
    }

    /// <summary>Sets a tag; setting it again replaces the value.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="InvalidOperationException">The run has ended.</exception>
    public ExperimentRun SetTag(string name, string value)
    {
        RunRecord.RequireName(name, nameof(name));
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"Tag '{name}' has no value.");
        }

        lock (_gate)
        {
            ThrowIfEnded();
            _tags[name] = value;
        }

        return this;
    }

    /// <summary>Links the run to the registered model version it produced (a model name and version in the registry).</summary>
    /// <exception cref="ArgumentException">The name or alias is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The run has ended.</exception>
    public ExperimentRun LinkModel(string modelName, int version, string? alias = null)
    {
        var link = new ModelVersionLink(modelName, version, alias);
        lock (_gate)
        {
            ThrowIfEnded();
            _model = link;
        }

        return this;
    }

    /// <summary>Ends the run with <paramref name="status"/> and appends it to the tracker.</summary>
    /// <returns>The stored record.</returns>
    /// <exception cref="InvalidOperationException">The run has already ended.</exception>
    public RunRecord End(RunStatus status = RunStatus.Finished)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            var record = new RunRecord(RunId, Experiment, Name, status, StartTime, Max(_clock(), StartTime), _parameters, _metrics, _tags, _model);
            _tracker.AppendRun(record);
            _record = record;
            return record;
        }
    }

    /// <summary>Ends the run as <see cref="RunStatus.Failed"/>, recording the reason in the tag <c>error</c>.</summary>
    /// <exception cref="InvalidOperationException">The run has already ended.</exception>
    public RunRecord Fail(string? reason = null)
    {
        if (reason is not null)
        {
            SetTag("error", reason);
        }

        return End(RunStatus.Failed);
    }

    /// <summary>Ends the run as <see cref="RunStatus.Finished"/> unless it has already ended.</summary>
    /// <remarks>
    /// Dispose cannot tell that it runs because of an exception: a run whose work failed should be ended with
    /// <see cref="Fail"/> in a <c>catch</c>, or started after the work that may fail. Errors of the tracker itself
    /// (a lock timeout, a full disk) are thrown from here.
    /// </remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_record is null)
            {
                End();
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static string Prefixed(string? prefix, string key) => string.IsNullOrEmpty(prefix) ? key : prefix + "." + key;

    private void ThrowIfEnded()
    {
        if (_record is not null)
        {
            throw new InvalidOperationException($"Run {RunId} of '{Experiment}' has ended; start a new run to record more.");
        }
    }
}
