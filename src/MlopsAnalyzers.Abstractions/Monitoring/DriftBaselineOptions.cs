using System;
using System.Collections.Generic;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>What <see cref="DriftBaseline.Compute"/> summarizes, and how finely.</summary>
public sealed class DriftBaselineOptions
{
    /// <summary>
    /// The columns to summarize. Empty (the default): every visible scalar column of a supported type (numbers,
    /// Boolean, text). A column named here that is missing or of another type is an error.
    /// </summary>
    public IList<string> Columns { get; } = new List<string>();

    /// <summary>Columns to leave out, typically the label (served inputs do not have it).</summary>
    public IList<string> ExcludedColumns { get; } = new List<string>();

    /// <summary>The number of histogram bins of a numeric column (fewer when values repeat): 10 by default, 2 to 100.</summary>
    public int Bins { get; set; } = 10;

    /// <summary>
    /// The size of the uniform random sample kept of each numeric column (reservoir sampling): 1,000 by default,
    /// 10 to 100,000. It sets the histogram's quantiles and is the reference of the two-sample test.
    /// </summary>
    public int SampleSize { get; set; } = 1000;

    /// <summary>The most frequent values kept per categorical column: 20 by default, 1 to 1,000. The others count as "other".</summary>
    public int MaxCategories { get; set; } = 20;

    /// <summary>
    /// The distinct values counted per categorical column while reading (bounds memory): 10,000 by default, at least
    /// <see cref="MaxCategories"/>. Values first seen after the cap count as "other".
    /// </summary>
    public int MaxTrackedValues { get; set; } = 10_000;

    /// <summary>The seed of the sampling, so the same data gives the same baseline: 0 by default.</summary>
    public int Seed { get; set; }

    internal void Validate()
    {
        Check(Bins, 2, 100, nameof(Bins));
        Check(SampleSize, 10, 100_000, nameof(SampleSize));
        Check(MaxCategories, 1, 1000, nameof(MaxCategories));
        Check(MaxTrackedValues, MaxCategories, int.MaxValue, nameof(MaxTrackedValues));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be from {min} to {max}.");
        }
    }
}
