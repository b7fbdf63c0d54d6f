using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// The <see cref="System.Diagnostics.Metrics"/> instruments of served models: predictions, their duration and errors
/// (recorded by <see cref="MonitoredPredictionEngine{TSrc, TDst}"/>), and the state of each <see cref="DriftMonitor{TSrc}"/>
/// (observed when a listener asks). Read them with <c>dotnet-counters monitor --counters MlopsAnalyzers.Monitoring</c>
/// or export them with OpenTelemetry (<c>.WithMetrics(m =&gt; m.AddMeter(MonitoringMetrics.MeterName))</c>).
/// </summary>
/// <remarks>
/// <para>
/// The names follow the OpenTelemetry conventions (lower-case dotted names, UCUM units; durations in seconds like
/// ASP.NET Core's <c>http.server.request.duration</c>). Every measurement is tagged with <see cref="ModelNameTag"/>
/// and, when known, <see cref="ModelVersionTag"/> (from <see cref="DriftMonitorOptions.ModelName"/> and
/// <see cref="DriftMonitorOptions.ModelVersion"/>); the per-column gauges add <see cref="ColumnTag"/>, errors
/// <see cref="ErrorTypeTag"/>.
/// </para>
/// <para>
/// The meter and its instruments exist once per process; each monitor builds its tag arrays once, so a prediction
/// records without allocating, and records nothing at all while no listener (dotnet-counters, OpenTelemetry, a
/// <see cref="MeterListener"/>) has enabled the instrument. The gauges read the monitors that are alive; share one
/// <see cref="DriftMonitor{TSrc}"/> per served model version (two monitors with the same tags report the same series twice).
/// </para>
/// </remarks>
public static class MonitoringMetrics
{
    /// <summary>The meter's name: <c>MlopsAnalyzers.Monitoring</c>.</summary>
    public const string MeterName = "MlopsAnalyzers.Monitoring";

    /// <summary>The meter's version, <c>1.0</c>: it changes when an instrument's name, unit or tags change.</summary>
    public const string MeterVersion = "1.0";

    /// <summary>Counter <c>mlops.model.predictions</c>, unit <c>{prediction}</c>: predictions that returned.</summary>
    public const string PredictionsName = "mlops.model.predictions";

    /// <summary>Histogram <c>mlops.model.prediction.duration</c>, unit <c>s</c>: the time the wrapped engine took for a prediction that returned.</summary>
    public const string PredictionDurationName = "mlops.model.prediction.duration";

    /// <summary>Counter <c>mlops.model.prediction.errors</c>, unit <c>{error}</c>: predictions that threw, tagged with <see cref="ErrorTypeTag"/>.</summary>
    public const string PredictionErrorsName = "mlops.model.prediction.errors";

    /// <summary>Observable counter <c>mlops.drift.inputs.observed</c>, unit <c>{input}</c>: the inputs a monitor has observed since it was created.</summary>
    public const string InputsObservedName = "mlops.drift.inputs.observed";

    /// <summary>Observable gauge <c>mlops.drift.window.fill</c>, unit <c>1</c>: the share of the rolling window that holds inputs (0 to 1).</summary>
    public const string WindowFillName = "mlops.drift.window.fill";

    /// <summary>Observable gauge <c>mlops.drift.psi</c>, unit <c>1</c>, per column: the population stability index of the latest check.</summary>
    public const string PsiName = "mlops.drift.psi";

    /// <summary>Observable gauge <c>mlops.drift.state</c>, unit <c>1</c>, per column: 1 when the latest check found the column drifting, else 0.</summary>
    public const string DriftStateName = "mlops.drift.state";

    /// <summary>The tag of the model name: <c>mlops.model.name</c>.</summary>
    public const string ModelNameTag = "mlops.model.name";

    /// <summary>The tag of the model version or alias: <c>mlops.model.version</c>.</summary>
    public const string ModelVersionTag = "mlops.model.version";

    /// <summary>The tag of the input column of the per-column gauges: <c>mlops.column</c>.</summary>
    public const string ColumnTag = "mlops.column";

    /// <summary>The tag of the exception type of an error, as in the OpenTelemetry conventions: <c>error.type</c> (the full type name).</summary>
    public const string ErrorTypeTag = "error.type";

    private static readonly object s_sourcesGate = new();
    private static readonly List<WeakReference<IDriftMetricsSource>> s_sources = new();

    private static readonly Meter s_meter = new(MeterName, MeterVersion);

    internal static readonly Counter<long> Predictions = s_meter.CreateCounter<long>(PredictionsName, "{prediction}", "Predictions that returned.");

    internal static readonly Histogram<double> PredictionDuration = s_meter.CreateHistogram<double>(PredictionDurationName, "s", "The duration of the predictions that returned.");

    internal static readonly Counter<long> PredictionErrors = s_meter.CreateCounter<long>(PredictionErrorsName, "{error}", "Predictions that threw an exception.");

    static MonitoringMetrics()
    {
        s_meter.CreateObservableCounter(InputsObservedName, ObserveInputs, "{input}", "The inputs a drift monitor has observed.");
        s_meter.CreateObservableGauge(WindowFillName, ObserveWindowFill, "1", "The share of the drift monitor's rolling window that holds inputs.");
        s_meter.CreateObservableGauge(PsiName, ObservePsi, "1", "The population stability index of each monitored column at the latest drift check.");
        s_meter.CreateObservableGauge(DriftStateName, ObserveDriftState, "1", "1 when the latest drift check found the column drifting, else 0.");
    }

    /// <summary>Makes a monitor's state visible to the observable instruments while it is alive.</summary>
    internal static void Register(IDriftMetricsSource source)
    {
        lock (s_sourcesGate)
        {
            s_sources.RemoveAll(reference => !reference.TryGetTarget(out _));
            s_sources.Add(new WeakReference<IDriftMetricsSource>(source));
        }
    }

    /// <summary>The tags of a model: its name and, when not null, its version.</summary>
    internal static KeyValuePair<string, object?>[] ModelTags(string name, string? version)
        => version is null
            ? new[] { new KeyValuePair<string, object?>(ModelNameTag, name) }
            : new[] { new KeyValuePair<string, object?>(ModelNameTag, name), new KeyValuePair<string, object?>(ModelVersionTag, version) };

    /// <summary>The model tags followed by one more.</summary>
    internal static KeyValuePair<string, object?>[] With(KeyValuePair<string, object?>[] tags, string key, object? value)
    {
        var all = new KeyValuePair<string, object?>[tags.Length + 1];
        Array.Copy(tags, all, tags.Length);
        all[tags.Length] = new KeyValuePair<string, object?>(key, value);
        return all;
    }

    /// <summary>The time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>), in seconds.</summary>
    internal static double SecondsSince(long startTimestamp) => (Stopwatch.GetTimestamp() - startTimestamp) / (double)Stopwatch.Frequency;

    /// <summary>
    /// Counts a prediction error; returns false, so that as an exception filter it lets the exception propagate
    /// unchanged (same object, stack not unwound by a catch).
    /// </summary>
    internal static bool CountError(Exception error, KeyValuePair<string, object?>[] modelTags)
    {
        if (PredictionErrors.Enabled)
        {
            PredictionErrors.Add(1, With(modelTags, ErrorTypeTag, error.GetType().FullName));
        }

        return false;
    }

    private static List<IDriftMetricsSource> LiveSources()
    {
        var live = new List<IDriftMetricsSource>();
        lock (s_sourcesGate)
        {
            s_sources.RemoveAll(reference =>
            {
                if (reference.TryGetTarget(out var source))
                {
                    live.Add(source);
                    return false;
                }

                return true;
            });
        }

        return live;
    }

    private static IEnumerable<Measurement<long>> ObserveInputs()
    {
        foreach (var source in LiveSources())
        {
            yield return new Measurement<long>(source.ObservedCount, source.ModelTags);
        }
    }

    private static IEnumerable<Measurement<double>> ObserveWindowFill()
    {
        foreach (var source in LiveSources())
        {
            yield return new Measurement<double>(source.WindowFill, source.ModelTags);
        }
    }

    private static IEnumerable<Measurement<double>> ObservePsi()
    {
        foreach (var source in LiveSources())
        {
            foreach (var (column, tags) in source.ColumnsOfLastReport())
            {
                yield return new Measurement<double>(column.Psi, tags);
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveDriftState()
    {
        foreach (var source in LiveSources())
        {
            foreach (var (column, tags) in source.ColumnsOfLastReport())
            {
                yield return new Measurement<int>(column.IsDrifting ? 1 : 0, tags);
            }
        }
    }
}

/// <summary>What the observable instruments read from a drift monitor.</summary>
internal interface IDriftMetricsSource
{
    KeyValuePair<string, object?>[] ModelTags { get; }

    long ObservedCount { get; }

    double WindowFill { get; }

    /// <summary>The columns of the latest check with their tags (none before the first check).</summary>
    IEnumerable<(ColumnDrift Column, KeyValuePair<string, object?>[] Tags)> ColumnsOfLastReport();
}
