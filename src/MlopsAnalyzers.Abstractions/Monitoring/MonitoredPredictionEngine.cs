using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// A prediction engine that reports what it serves to a <see cref="DriftMonitor{TSrc}"/>: the same
/// <see cref="Predict(TSrc)"/> shape as ML.NET's <see cref="PredictionEngineBase{TSrc, TDst}"/>, which it wraps.
/// </summary>
/// <remarks>
/// Like the engine it wraps, one instance must not be used by two threads at once; share the monitor instead: give
/// each thread (or each pooled engine) its own decorator over the same <see cref="DriftMonitor{TSrc}"/>, which is
/// thread-safe. The overhead per prediction is a short lock and one read per monitored column (see the repository's
/// monitoring benchmark); drift checks run on the thread pool by default.
/// <para>
/// Each prediction is recorded in the <see cref="MonitoringMetrics"/> instruments (count, duration, errors) when a
/// listener has enabled them, tagged with the monitor's model name and version; an exception of the wrapped engine
/// is counted and propagates unchanged (the same object, with its stack).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var baseline = ModelRegistry.Default.ReadDriftBaseline("house-prices", "3");
/// var engine = ml.Model.CreatePredictionEngine&lt;House, PricePrediction&gt;(model).WithDriftMonitoring(baseline);
/// engine.Monitor.DriftDetected += (_, e) =&gt; logger.LogWarning("Input drift in {Columns}", e.DriftingColumns);
/// var price = engine.Predict(house).Price;
/// </code>
/// </example>
public sealed class MonitoredPredictionEngine<TSrc, TDst> : IDisposable
    where TSrc : class
    where TDst : class, new()
{
    private readonly bool _disposeEngine;

    /// <summary>Wraps <paramref name="engine"/>; its predictions are reported to <paramref name="monitor"/>.</summary>
    /// <param name="engine">The engine that predicts.</param>
    /// <param name="monitor">The monitor that receives the inputs (it may be shared with other engines).</param>
    /// <param name="disposeEngine">Whether <see cref="Dispose"/> disposes <paramref name="engine"/> too (true by default).</param>
    public MonitoredPredictionEngine(PredictionEngineBase<TSrc, TDst> engine, DriftMonitor<TSrc> monitor, bool disposeEngine = true)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        _disposeEngine = disposeEngine;
    }

    /// <summary>The wrapped engine.</summary>
    public PredictionEngineBase<TSrc, TDst> Engine { get; }

    /// <summary>The monitor the served inputs go to.</summary>
    public DriftMonitor<TSrc> Monitor { get; }

    /// <summary>The schema of the predictions (the wrapped engine's).</summary>
    public DataViewSchema OutputSchema => Engine.OutputSchema;

    /// <summary>Predicts for <paramref name="example"/> and then adds it to the monitor's window.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="example"/> is null.</exception>
    public TDst Predict(TSrc example)
    {
        // What PredictionEngineBase.Predict(TSrc) does: a new output object, filled by the reusing overload.
        var prediction = new TDst();
        Predict(example, ref prediction);
        return prediction;
    }

    /// <summary>Predicts into an existing object (no allocation), then adds <paramref name="example"/> to the monitor's window.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="example"/> is null.</exception>
    public void Predict(TSrc example, ref TDst prediction)
    {
        if (example is null)
        {
            throw new ArgumentNullException(nameof(example));
        }

        var tags = Monitor.ModelTags;
        var timed = MonitoringMetrics.PredictionDuration.Enabled;
        var start = timed ? Stopwatch.GetTimestamp() : 0;
        try
        {
            Engine.Predict(example, ref prediction);
        }
        catch (Exception error) when (MonitoringMetrics.CountError(error, tags))
        {
            // Not reached: the filter counts the error and returns false, so the exception is never caught here.
            throw;
        }

        Record(timed, start, tags);
        Monitor.Observe(example);
    }

    private static void Record(bool timed, long start, KeyValuePair<string, object?>[] tags)
    {
        if (timed)
        {
            MonitoringMetrics.PredictionDuration.Record(MonitoringMetrics.SecondsSince(start), new ReadOnlySpan<KeyValuePair<string, object?>>(tags));
        }

        if (MonitoringMetrics.Predictions.Enabled)
        {
            MonitoringMetrics.Predictions.Add(1, new ReadOnlySpan<KeyValuePair<string, object?>>(tags));
        }
    }

    /// <summary>Disposes the wrapped engine, unless it was created with <c>disposeEngine: false</c>.</summary>
    public void Dispose()
    {
        if (_disposeEngine)
        {
            Engine.Dispose();
        }
    }
}
