using ChurnModel;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace ChurnTelemetry;

/// <summary>
/// Scores customers with one monitored prediction engine per thread (a prediction engine serves one thread at a
/// time), every engine reporting to the same drift monitor and recording the MlopsAnalyzers.Monitoring metrics.
/// </summary>
public sealed class ChurnScorer : IDisposable
{
    private readonly ThreadLocal<MonitoredPredictionEngine<Customer, ChurnPrediction>> _engines;

    public ChurnScorer(string modelName, string version, DriftMonitor<Customer> monitor)
    {
        var ml = new MLContext(seed: 42);
        var model = ModelRegistry.Default.Load(ml, modelName, version, out _);
        _engines = new ThreadLocal<MonitoredPredictionEngine<Customer, ChurnPrediction>>(
            () => ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model).WithDriftMonitoring(monitor),
            trackAllValues: true);
    }

    public ChurnScore Score(Customer customer)
    {
        var prediction = _engines.Value!.Predict(customer);
        return new ChurnScore(prediction.WillChurn, prediction.Probability);
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }

        _engines.Dispose();
    }
}

/// <summary>The answer of <c>POST /score</c>.</summary>
public sealed record ChurnScore(bool WillChurn, float Probability);
