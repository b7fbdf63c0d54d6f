using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Monitoring;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

/// <summary>
/// The <see cref="MonitoringMetrics"/> instruments as a <see cref="MeterListener"/> (what dotnet-counters and
/// OpenTelemetry use) sees them. Tests run in parallel and the instruments are process-wide, so each test tags its
/// model with a name of its own and only looks at those measurements.
/// </summary>
public class MonitoringMetricsTests
{
    private sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Listens to the MlopsAnalyzers.Monitoring meter and keeps the measurements tagged with one model name.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _model;

        public Listener(string model)
        {
            _model = model;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MonitoringMetrics.MeterName)
                {
                    Instruments[instrument.Name] = instrument;
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
            _listener.Start();
        }

        public ConcurrentDictionary<string, Instrument> Instruments { get; } = new();

        public ConcurrentQueue<Recorded> Measurements { get; } = new();

        public List<Recorded> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

        /// <summary>Asks the observable instruments for their current values.</summary>
        public void Observe() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (copy.TryGetValue(MonitoringMetrics.ModelNameTag, out var name) && Equals(name, _model))
            {
                Measurements.Enqueue(new Recorded(instrument.Name, value, copy));
            }
        }
    }

    private static string UniqueModel([CallerMemberName] string test = "") => $"{test}-{Guid.NewGuid():N}";

    [Fact]
    public void TheMeterHasItsDocumentedNameVersionAndInstruments()
    {
        using var listener = new Listener(UniqueModel());
        var expected = new Dictionary<string, (string Unit, Type Type)>
        {
            ["mlops.model.predictions"] = ("{prediction}", typeof(Counter<long>)),
            ["mlops.model.prediction.duration"] = ("s", typeof(Histogram<double>)),
            ["mlops.model.prediction.errors"] = ("{error}", typeof(Counter<long>)),
            ["mlops.drift.inputs.observed"] = ("{input}", typeof(ObservableCounter<long>)),
            ["mlops.drift.window.fill"] = ("1", typeof(ObservableGauge<double>)),
            ["mlops.drift.psi"] = ("1", typeof(ObservableGauge<double>)),
            ["mlops.drift.state"] = ("1", typeof(ObservableGauge<int>)),
        };

        Assert.Equal(expected.Keys.OrderBy(k => k), listener.Instruments.Keys.OrderBy(k => k));
        foreach (var (name, (unit, type)) in expected)
        {
            var instrument = listener.Instruments[name];
            Assert.Equal(unit, instrument.Unit);
            Assert.IsType(type, instrument);
            Assert.False(string.IsNullOrWhiteSpace(instrument.Description), name);
            Assert.Equal("MlopsAnalyzers.Monitoring", instrument.Meter.Name);
            Assert.Equal("1.0", instrument.Meter.Version);
        }

        Assert.Equal(
            new[] { MonitoringMetrics.PredictionsName, MonitoringMetrics.PredictionDurationName, MonitoringMetrics.PredictionErrorsName, MonitoringMetrics.InputsObservedName, MonitoringMetrics.WindowFillName, MonitoringMetrics.PsiName, MonitoringMetrics.DriftStateName }.OrderBy(n => n),
            expected.Keys.OrderBy(k => k));
    }

    [Fact]
    public void PredictionsAndTheirDurationAreRecordedWithTheModelTags()
    {
        var model = UniqueModel();
        using var listener = new Listener(model);
        var (ml, trained, data) = Models.Train();
        var options = new DriftMonitorOptions { ModelName = model, ModelVersion = "7", WindowSize = 100, MinimumSamples = 50, CheckInterval = 50, RunChecksInBackground = false };
        var monitor = new DriftMonitor<HouseInput>(DriftBaseline.Compute(data), options);
        using var engine = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(trained).WithDriftMonitoring(monitor);

        var reused = new PriceOutput();
        for (var i = 0; i < 60; i++)
        {
            if (i % 2 == 0)
            {
                engine.Predict(Models.Probes[i % 3]);
            }
            else
            {
                engine.Predict(Models.Probes[i % 3], ref reused);
            }
        }

        var modelTags = new Dictionary<string, object?> { ["mlops.model.name"] = model, ["mlops.model.version"] = "7" };
        var predictions = listener.Of("mlops.model.predictions");
        Assert.Equal(60, predictions.Count);
        Assert.All(predictions, p => Assert.Equal(1, p.Value));
        Assert.All(predictions, p => Assert.Equal(modelTags, p.Tags));

        var durations = listener.Of("mlops.model.prediction.duration");
        Assert.Equal(60, durations.Count);
        Assert.All(durations, d => Assert.Equal(modelTags, d.Tags));
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-9, 5)); // seconds: a prediction takes microseconds, not ticks or milliseconds
        Assert.Empty(listener.Of("mlops.model.prediction.errors"));

        // The observable instruments report the monitor when asked: 60 inputs, 60 of 100 window slots, and per column
        // the PSI and state of the check that ran at the 50th input.
        listener.Observe();
        var observed = Assert.Single(listener.Of("mlops.drift.inputs.observed"));
        Assert.Equal(60, observed.Value);
        Assert.Equal(modelTags, observed.Tags);
        var fill = Assert.Single(listener.Of("mlops.drift.window.fill"));
        Assert.Equal(0.6, fill.Value, 12);
        Assert.Equal(modelTags, fill.Tags);

        var report = monitor.LastReport!;
        Assert.Equal(50, report.ObservedCount);
        var psi = listener.Of("mlops.drift.psi");
        Assert.Equal(new[] { "Size", "Rooms" }, psi.Select(p => p.Tags["mlops.column"]));
        foreach (var column in report.Columns)
        {
            var tags = new Dictionary<string, object?>(modelTags) { ["mlops.column"] = column.Name };
            var measured = Assert.Single(psi, p => Equals(p.Tags["mlops.column"], column.Name));
            Assert.Equal(tags, measured.Tags);
            Assert.Equal(column.Psi, measured.Value);
            var state = Assert.Single(listener.Of("mlops.drift.state"), s => Equals(s.Tags["mlops.column"], column.Name));
            Assert.Equal(tags, state.Tags);
            Assert.Equal(column.IsDrifting ? 1 : 0, state.Value);
        }
    }

    [Fact]
    public void TheDriftGaugesShowAShiftedColumn()
    {
        var model = UniqueModel();
        using var listener = new Listener(model);
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), new DriftMonitorOptions { ModelName = model, RunChecksInBackground = false });

        // No check yet: the per-column gauges have nothing to report; the others do.
        listener.Observe();
        Assert.Empty(listener.Of("mlops.drift.psi"));
        Assert.Empty(listener.Of("mlops.drift.state"));
        Assert.Equal(0, Assert.Single(listener.Of("mlops.drift.inputs.observed")).Value);

        foreach (var input in Applicants.Generate(5, new Shift(IncomeMean: 2)).Take(1000))
        {
            monitor.Observe(input);
        }

        listener.Observe();
        var states = listener.Of("mlops.drift.state").ToDictionary(s => (string)s.Tags["mlops.column"]!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["Income"] = 1, ["Age"] = 0, ["Debt"] = 0, ["Region"] = 0, ["Member"] = 0 }, states);
        var psi = listener.Of("mlops.drift.psi").ToDictionary(s => (string)s.Tags["mlops.column"]!, s => s.Value);
        Assert.True(psi["Income"] >= 0.25, $"PSI of Income: {psi["Income"]}");
        Assert.True(psi["Age"] < 0.1, $"PSI of Age: {psi["Age"]}");

        // Without a version, the tags are the model name (and the column).
        Assert.All(listener.Of("mlops.drift.state"), s => Assert.Equal(new[] { "mlops.model.name", "mlops.column" }, s.Tags.Keys));
        Assert.Equal(1.0, listener.Of("mlops.drift.window.fill").Last().Value);
        Assert.Equal(1000, listener.Of("mlops.drift.inputs.observed").Last().Value);
    }

    public sealed class SizeCheck
    {
        public float CheckedSize { get; set; }
    }

    private static readonly ConcurrentDictionary<float, Exception> s_thrown = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckSize(HouseInput input, SizeCheck output)
    {
        if (input.Size < 0)
        {
            throw s_thrown.GetOrAdd(input.Size, size => new InvalidOperationException($"A house of {size} m2."));
        }

        output.CheckedSize = input.Size;
    }

    [Fact]
    public void ErrorsAreCountedByTypeAndRethrownUnchanged()
    {
        var model = UniqueModel();
        using var listener = new Listener(model);
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Models.Probes.ToList());
        var trained = ml.Transforms.CustomMapping<HouseInput, SizeCheck>(CheckSize, contractName: null).Fit(data);
        var monitor = new DriftMonitor<HouseInput>(DriftBaseline.Compute(data), new DriftMonitorOptions { ModelName = model, ModelVersion = "production" });
        using var engine = ml.Model.CreatePredictionEngine<HouseInput, SizeCheck>(trained).WithDriftMonitoring(monitor);

        Assert.Equal(80, engine.Predict(new HouseInput { Size = 80, Rooms = 3 }).CheckedSize);
        var first = Assert.ThrowsAny<Exception>(() => engine.Predict(new HouseInput { Size = -1, Rooms = 3 }));
        var reused = new SizeCheck();
        var second = Assert.ThrowsAny<Exception>(() => engine.Predict(new HouseInput { Size = -2, Rooms = 3 }, ref reused));

        // The very object the engine threw, with the stack from where it was thrown (the decorator did not catch it).
        Assert.Same(s_thrown[-1], first);
        Assert.Same(s_thrown[-2], second);
        Assert.Contains(nameof(CheckSize), first.StackTrace);
        Assert.Contains(nameof(CheckSize), second.StackTrace);

        var errors = listener.Of("mlops.model.prediction.errors");
        Assert.Equal(2, errors.Count);
        var tags = new Dictionary<string, object?> { ["mlops.model.name"] = model, ["mlops.model.version"] = "production", ["error.type"] = "System.InvalidOperationException" };
        Assert.All(errors, e => Assert.Equal(tags, e.Tags));
        Assert.All(errors, e => Assert.Equal(1, e.Value));

        // A failed prediction is neither a prediction nor an observed input.
        Assert.Single(listener.Of("mlops.model.predictions"));
        Assert.Single(listener.Of("mlops.model.prediction.duration"));
        Assert.Equal(1, monitor.ObservedCount);
    }

    [Fact]
    public void APredictionAllocatesNothingMoreForTheMetrics()
    {
        // Listened to (every instrument enabled, callbacks that do not allocate), the decorator allocates per
        // prediction about what the monitor alone did (77 bytes on average, the periodic background checks included).
        long sum = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MonitoringMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => System.Threading.Interlocked.Add(ref sum, value));
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => System.Threading.Interlocked.Increment(ref sum));
        listener.Start();

        var (ml, trained, data) = Models.Train();
        var monitor = new DriftMonitor<HouseInput>(DriftBaseline.Compute(data), new DriftMonitorOptions { ModelName = UniqueModel(), CheckInterval = 1_000_000 });
        using var engine = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(trained).WithDriftMonitoring(monitor);
        var bare = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(trained);
        var output = new PriceOutput();

        long Allocated(Action predict)
        {
            for (var i = 0; i < 100; i++)
            {
                predict(); // warm up
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                predict();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var monitored = Allocated(() => engine.Predict(Models.Probes[1], ref output));
        var unmonitored = Allocated(() => bare.Predict(Models.Probes[1], ref output));
        Assert.True(sum >= 20_200, $"the listener saw only {sum}");
        Assert.True(monitored - unmonitored < 10_000 * 4, $"{(monitored - unmonitored) / 10_000.0} bytes more per prediction with the decorator and the metrics");
    }
}
