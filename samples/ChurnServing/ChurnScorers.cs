using ChurnModel;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace ChurnServing;

/// <summary>How a scorer often starts: correct answers, but each call pays for building an engine, and nobody would notice drift.</summary>
public sealed class NaiveChurnScorer
{
    private readonly MLContext _ml = new MLContext(seed: 42);
    private readonly ITransformer _model = ModelRegistry.Default.Load(new MLContext(seed: 42), ServedChurnModel.Name, out _);

    public float Score(Customer customer)
    {
        // MLOPS502: the prediction engine is rebuilt for every customer scored; build it once, in the constructor.
        var engine = _ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(_model);

        // MLOPS503: these predictions are served with no drift monitoring (the rule is enabled for this sample).
        return engine.Predict(customer).Probability;
    }
}

/// <summary>
/// Builds its engine once and wraps it in the monitoring decorator: the served inputs are compared with the training
/// baseline stored with the registered version, and <see cref="DriftDetected"/> names the drifting columns.
/// </summary>
public sealed class MonitoredChurnScorer : IDisposable
{
    private readonly MonitoredPredictionEngine<Customer, ChurnPrediction> _engine;

    public MonitoredChurnScorer(DriftMonitorOptions? options = null)
    {
        var ml = new MLContext(seed: 42);
        var version = ModelRegistry.Default.GetVersion(ServedChurnModel.Name, ModelAliases.Latest).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var model = ModelRegistry.Default.Load(ml, ServedChurnModel.Name, version, out _);
        var baseline = ModelRegistry.Default.ReadDriftBaseline(ServedChurnModel.Name, version);
        _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model).WithDriftMonitoring(baseline, options);
    }

    /// <summary>Raised (on the thread pool by default) when the set of drifting columns becomes non-empty or changes.</summary>
    public event EventHandler<DriftDetectedEventArgs>? DriftDetected
    {
        add => _engine.Monitor.DriftDetected += value;
        remove => _engine.Monitor.DriftDetected -= value;
    }

    /// <summary>Runs a drift check now.</summary>
    public DriftReport CheckDrift() => _engine.Monitor.Check();

    public float Score(Customer customer) => _engine.Predict(customer).Probability;

    public void Dispose() => _engine.Dispose();
}
