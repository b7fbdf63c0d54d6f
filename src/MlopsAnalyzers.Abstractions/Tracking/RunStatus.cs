namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>The run completed; its metrics are final.</summary>
    Finished,

    /// <summary>The run was ended by <see cref="ExperimentRun.Fail"/>: its metrics may be partial.</summary>
    Failed,
}

/// <summary>Whether a larger or a smaller value of a metric is better (AUC: maximize; RMSE, log-loss: minimize).</summary>
public enum MetricGoal
{
    /// <summary>Larger is better.</summary>
    Maximize,

    /// <summary>Smaller is better.</summary>
    Minimize,
}
