using System;
using System.Collections.Generic;
using System.Linq;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>The result of one drift check: every monitored column compared with its training baseline.</summary>
public sealed class DriftReport
{
    internal DriftReport(DateTimeOffset checkedAtUtc, long observedCount, int windowCount, bool hasEnoughSamples, IReadOnlyList<ColumnDrift> columns)
    {
        CheckedAtUtc = checkedAtUtc;
        ObservedCount = observedCount;
        WindowCount = windowCount;
        HasEnoughSamples = hasEnoughSamples;
        Columns = columns;
        DriftingColumns = columns.Where(c => c.IsDrifting).Select(c => c.Name).ToList();
    }

    /// <summary>When the check ran, in UTC.</summary>
    public DateTimeOffset CheckedAtUtc { get; }

    /// <summary>The inputs observed since the monitor was created.</summary>
    public long ObservedCount { get; }

    /// <summary>The inputs in the window that was checked.</summary>
    public int WindowCount { get; }

    /// <summary>False when the window held fewer than <see cref="DriftMonitorOptions.MinimumSamples"/> inputs: no column is then called drifting.</summary>
    public bool HasEnoughSamples { get; }

    /// <summary>Every monitored column, in the baseline's order.</summary>
    public IReadOnlyList<ColumnDrift> Columns { get; }

    /// <summary>The names of the drifting columns.</summary>
    public IReadOnlyList<string> DriftingColumns { get; }

    /// <summary>True when at least one column drifts.</summary>
    public bool HasDrift => DriftingColumns.Count > 0;

    /// <inheritdoc />
    public override string ToString()
        => HasDrift
            ? $"Drift in {string.Join(", ", Columns.Where(c => c.IsDrifting))} (window of {WindowCount})"
            : $"No drift (window of {WindowCount})";
}

/// <summary>How one column of the served inputs compares with its training baseline.</summary>
public sealed class ColumnDrift
{
    internal ColumnDrift(string name, ColumnKind kind, int count, double psi, double pValue, double kolmogorovSmirnov, double missingRate, double infinityRate, bool isDrifting)
    {
        Name = name;
        Kind = kind;
        Count = count;
        Psi = psi;
        PValue = pValue;
        KolmogorovSmirnovStatistic = kolmogorovSmirnov;
        MissingRate = missingRate;
        InfinityRate = infinityRate;
        IsDrifting = isDrifting;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The served values compared (the window).</summary>
    public int Count { get; }

    /// <summary>The population stability index of the window against the baseline (numeric: histogram bins plus a missing-value bin; categorical: the kept values plus "other").</summary>
    public double Psi { get; }

    /// <summary>The PSI band: none (&lt; 0.1), moderate (0.1 to 0.25), significant (0.25 and more).</summary>
    public DriftSeverity Severity => DriftStatistics.PsiBand(Psi);

    /// <summary>
    /// The smallest p-value of the column's tests, Bonferroni-corrected: Kolmogorov-Smirnov on the finite values, the
    /// missing-value rate and (when training or the window has infinities) the infinity rate for a numeric column;
    /// chi-square homogeneity for a categorical one.
    /// </summary>
    public double PValue { get; }

    /// <summary>The two-sample Kolmogorov-Smirnov statistic D (numeric columns; NaN for categorical ones).</summary>
    public double KolmogorovSmirnovStatistic { get; }

    /// <summary>The share of missing values (NaN) in the window (0 for categorical columns).</summary>
    public double MissingRate { get; }

    /// <summary>The share of infinite values (negative or positive) in the window (0 for categorical columns).</summary>
    public double InfinityRate { get; }

    /// <summary>True when the PSI reaches the threshold and a test rejects at the significance level.</summary>
    public bool IsDrifting { get; }

    /// <inheritdoc />
    public override string ToString()
        => FormattableString.Invariant($"{Name} (PSI {Psi:0.###}, p {PValue:0.####}{(IsDrifting ? ", drifting" : "")})");
}

/// <summary>The data of <see cref="DriftMonitor{TSrc}.DriftDetected"/>.</summary>
public sealed class DriftDetectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public DriftDetectedEventArgs(DriftReport report) => Report = report ?? throw new ArgumentNullException(nameof(report));

    /// <summary>The check that found the drift.</summary>
    public DriftReport Report { get; }

    /// <summary>The drifting columns.</summary>
    public IReadOnlyList<string> DriftingColumns => Report.DriftingColumns;
}
