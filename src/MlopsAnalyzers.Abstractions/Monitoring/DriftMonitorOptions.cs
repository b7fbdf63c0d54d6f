using System;
using System.Collections.Generic;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>How a <see cref="DriftMonitor{TSrc}"/> windows served inputs and when it calls a column drifting.</summary>
/// <remarks>
/// A column drifts when its population stability index reaches <see cref="PsiThreshold"/> (an effect size: 0.1 is
/// the usual "moderate shift" mark) <b>and</b> a test rejects "same distribution as in training" at
/// <see cref="Significance"/>: the two-sample Kolmogorov-Smirnov test for a numeric column's finite values (or the
/// chi-square test of its missing-value rate, or of its rate of infinities), the chi-square test of homogeneity for a categorical column. Requiring both keeps
/// repeated checks of a stable stream quiet (the PSI of a window of 500 or more rows drawn from the training
/// distribution stays well below 0.1) while a real shift passes both.
/// </remarks>
public sealed class DriftMonitorOptions
{
    /// <summary>The rolling window: the last <c>WindowSize</c> served inputs are compared with the baseline. 1,000 by default, 10 to 1,000,000.</summary>
    public int WindowSize { get; set; } = 1000;

    /// <summary>The inputs the window must hold before a column can be called drifting: 500 by default, 1 to <see cref="WindowSize"/>.</summary>
    public int MinimumSamples { get; set; } = 500;

    /// <summary>A check runs after every <c>CheckInterval</c> observed inputs (once the window has <see cref="MinimumSamples"/>): 100 by default, at least 1.</summary>
    public int CheckInterval { get; set; } = 100;

    /// <summary>The PSI from which a column can drift: 0.1 by default (moderate shift); 0.25 marks a significant shift.</summary>
    public double PsiThreshold { get; set; } = 0.1;

    /// <summary>The significance level of the tests: 0.01 by default, between 0 and 1 (exclusive).</summary>
    public double Significance { get; set; } = 0.01;

    /// <summary>
    /// True (the default): the periodic checks run on the thread pool, so a prediction never waits for one; the
    /// <see cref="DriftMonitor{TSrc}.DriftDetected"/> event is then raised there, and the checks use at most a tenth of
    /// a core (after a check that took t, the next waits 9 t; checks due before are skipped). False: every due check
    /// runs on the observing thread.
    /// </summary>
    public bool RunChecksInBackground { get; set; } = true;

    /// <summary>
    /// The model name the monitor's metrics are tagged with (<see cref="MonitoringMetrics.ModelNameTag"/>). Null or
    /// empty (the default): the name of the input type.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>
    /// The model version or alias the monitor's metrics are tagged with (<see cref="MonitoringMetrics.ModelVersionTag"/>),
    /// such as <c>"3"</c> or <c>"production"</c>. Null or empty (the default): no version tag.
    /// </summary>
    public string? ModelVersion { get; set; }

    /// <summary>The columns to monitor. Empty (the default): every baseline column the input type has.</summary>
    public IList<string> Columns { get; } = new List<string>();

    internal DriftMonitorOptions Snapshot()
    {
        if (WindowSize < 10 || WindowSize > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "WindowSize must be from 10 to 1,000,000.");
        }

        if (MinimumSamples < 1 || MinimumSamples > WindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumSamples), MinimumSamples, $"MinimumSamples must be from 1 to WindowSize ({WindowSize}).");
        }

        if (CheckInterval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckInterval), CheckInterval, "CheckInterval must be at least 1.");
        }

        if (!(PsiThreshold > 0) || double.IsInfinity(PsiThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(PsiThreshold), PsiThreshold, "PsiThreshold must be a positive number.");
        }

        if (!(Significance > 0 && Significance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Significance), Significance, "Significance must be between 0 and 1.");
        }

        var copy = new DriftMonitorOptions
        {
            WindowSize = WindowSize,
            MinimumSamples = MinimumSamples,
            CheckInterval = CheckInterval,
            PsiThreshold = PsiThreshold,
            Significance = Significance,
            RunChecksInBackground = RunChecksInBackground,
            ModelName = ModelName,
            ModelVersion = ModelVersion,
        };
        foreach (var column in Columns)
        {
            copy.Columns.Add(column ?? throw new ArgumentException("A monitored column name is null.", nameof(Columns)));
        }

        return copy;
    }
}
