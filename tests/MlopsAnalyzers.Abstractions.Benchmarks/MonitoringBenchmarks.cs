using System;
using System.Diagnostics.Metrics;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace MlopsAnalyzers.Abstractions.Benchmarks;

/// <summary>
/// One prediction with the bare ML.NET engine against the same prediction through a
/// <see cref="MonitoredPredictionEngine{TSrc, TDst}"/> that monitors the five input columns: with the default options
/// (window of 1,000, a check every 100 predictions on the thread pool), and with the checks run inline on the
/// predicting thread (their cost then shows in the mean), and with the default options while a
/// <see cref="MeterListener"/> listens to every <see cref="MonitoringMetrics"/> instrument (as dotnet-counters or
/// OpenTelemetry would; its callbacks only add up, so the cost measured is the decorator's). The inputs cycle through
/// 4,096 pre-generated rows.
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private static ServedModel? s_model;
    private PredictionEngine<Applicant, LimitPrediction> _bare = null!;
    private MonitoredPredictionEngine<Applicant, LimitPrediction> _monitored = null!;
    private MonitoredPredictionEngine<Applicant, LimitPrediction> _inline = null!;
    private MonitoredPredictionEngine<Applicant, LimitPrediction> _listened = null!;
    private MeterListener? _listener;
    private long _recorded;
    private Applicant[] _inputs = null!;
    private int _next;

    [GlobalSetup(Targets = new[] { nameof(BareEngine), nameof(MonitoredEngine), nameof(MonitoredEngine_InlineChecks) })]
    public void Setup()
    {
        s_model ??= new ServedModel();
        _inputs = s_model.Inputs;
        _bare = s_model.CreateEngine();
        _monitored = s_model.CreateEngine().WithDriftMonitoring(s_model.Baseline);
        _inline = s_model.CreateEngine().WithDriftMonitoring(s_model.Baseline, new DriftMonitorOptions { RunChecksInBackground = false });
        _listened = s_model.CreateEngine().WithDriftMonitoring(s_model.Baseline, new DriftMonitorOptions { ModelName = "applicants", ModelVersion = "1" });
    }

    /// <summary>The listener is attached only while its benchmark runs: instruments are process-wide.</summary>
    [GlobalSetup(Target = nameof(MonitoredEngine_MetricsListened))]
    public void SetupListened()
    {
        Setup();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MonitoringMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _recorded, value));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _recorded));
        _listener.Start();
    }

    [GlobalCleanup(Target = nameof(MonitoredEngine_MetricsListened))]
    public void VerifyListened()
    {
        _listener?.Dispose();
        if (Interlocked.Read(ref _recorded) < 2 * _listened.Monitor.ObservedCount)
        {
            throw new InvalidOperationException($"The listener recorded {_recorded} measurements for {_listened.Monitor.ObservedCount} predictions: the metrics were not recorded.");
        }

        Verify();
    }

    [GlobalCleanup(Targets = new[] { nameof(BareEngine), nameof(MonitoredEngine), nameof(MonitoredEngine_InlineChecks) })]
    public void Verify()
    {
        // The decorator must predict what the engine predicts, and must have seen what it served.
        foreach (var input in _inputs.AsSpan(0, 16))
        {
            if (_bare.Predict(input).Limit != _monitored.Predict(input).Limit)
            {
                throw new InvalidOperationException("The monitored engine predicted something else than the bare engine.");
            }
        }

        if (_monitored.Monitor.ObservedCount == 0 || _monitored.Monitor.WindowCount == 0)
        {
            throw new InvalidOperationException("The monitored engine observed nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public float BareEngine() => _bare.Predict(NextInput()).Limit;

    [Benchmark]
    public float MonitoredEngine() => _monitored.Predict(NextInput()).Limit;

    [Benchmark]
    public float MonitoredEngine_InlineChecks() => _inline.Predict(NextInput()).Limit;

    [Benchmark]
    public float MonitoredEngine_MetricsListened() => _listened.Predict(NextInput()).Limit;

    private Applicant NextInput()
    {
        var input = _inputs[_next];
        _next = (_next + 1) & (4096 - 1);
        return input;
    }
}
