using System;
using System.Linq;
using MlopsAnalyzers.Abstractions.Monitoring;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

public class MonitoredPredictionEngineTests
{
    [Fact]
    public void PredictsLikeTheBareEngineAndObservesEachInput()
    {
        var (ml, model, data) = Models.Train();
        var options = new DriftBaselineOptions();
        options.ExcludedColumns.Add(nameof(HouseRow.Price));
        var baseline = DriftBaseline.Compute(data, options);
        var bare = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(model);
        using var monitored = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(model).WithDriftMonitoring(baseline);

        Assert.Equal(Models.Probes.Select(p => bare.Predict(p).Price), Models.Probes.Select(p => monitored.Predict(p).Price));
        var reused = new PriceOutput();
        monitored.Predict(Models.Probes[0], ref reused);
        Assert.Equal(bare.Predict(Models.Probes[0]).Price, reused.Price);

        Assert.Equal(4, monitored.Monitor.ObservedCount);
        Assert.Equal(new[] { "Size", "Rooms" }, monitored.Monitor.MonitoredColumns);
        // The decorator exposes the wrapped engine's schema, which describes the same columns as the bare engine's.
        Assert.Same(monitored.Engine.OutputSchema, monitored.OutputSchema);
        Assert.Equal(
            bare.OutputSchema.Select(c => (c.Name, c.Type.RawType)),
            monitored.OutputSchema.Select(c => (c.Name, c.Type.RawType)));
        Assert.Contains(monitored.OutputSchema, c => c.Name == "Score");
        Assert.Throws<ArgumentNullException>(() => monitored.Predict(null!));
    }

    [Fact]
    public void EnginesCanShareOneMonitor()
    {
        var (ml, model, data) = Models.Train();
        var monitor = new DriftMonitor<HouseInput>(DriftBaseline.Compute(data), new DriftMonitorOptions { RunChecksInBackground = false });
        var first = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(model).WithDriftMonitoring(monitor);
        var second = new MonitoredPredictionEngine<HouseInput, PriceOutput>(ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(model), monitor, disposeEngine: false);
        first.Predict(Models.Probes[0]);
        second.Predict(Models.Probes[1]);
        Assert.Equal(2, monitor.ObservedCount);
        Assert.Same(first.Monitor, second.Monitor);
    }

    [Fact]
    public void TheRegistryCreatesAMonitorTaggedWithTheModelVersion()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "houses", model, data.Schema, new ModelRegistration().AddDriftBaseline(data, nameof(HouseRow.Price)));
        var options = new DriftMonitorOptions { ModelName = "ignored", WindowSize = 200, MinimumSamples = 100 };
        var monitor = temp.Registry.CreateDriftMonitor<HouseInput>("houses", ModelAliases.Latest, options);
        Assert.Equal("houses", monitor.ModelName);
        Assert.Equal(ModelAliases.Latest, monitor.ModelVersion);
        Assert.Equal(new[] { "Size", "Rooms" }, monitor.MonitoredColumns);
        Assert.Equal("ignored", options.ModelName); // the caller's options are not changed

        var untagged = new DriftMonitor<HouseInput>(monitor.Baseline);
        Assert.Equal(nameof(HouseInput), untagged.ModelName);
        Assert.Null(untagged.ModelVersion);
    }
}
