using System;
using System.Collections.Generic;
using System.Globalization;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>How a column's distribution is summarized and compared.</summary>
public enum ColumnKind
{
    /// <summary>Numbers: a histogram, a sample of values, missing values (NaN) counted apart.</summary>
    Numeric = 0,

    /// <summary>Text or Boolean values: a frequency table of the most common values.</summary>
    Categorical = 1,
}

/// <summary>The training distribution of one input column, as stored in a <see cref="DriftBaseline"/>.</summary>
public abstract class ColumnBaseline
{
    private protected ColumnBaseline(string name, long rowCount, long missingCount)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A baseline column needs a name.", nameof(name));
        }

        if (rowCount < 0 || missingCount < 0 || missingCount > rowCount)
        {
            throw new ArgumentException($"Column '{name}': {missingCount} missing values out of {rowCount} rows is not possible.", nameof(missingCount));
        }

        Name = name;
        RowCount = rowCount;
        MissingCount = missingCount;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>How the column is summarized.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>The number of training rows.</summary>
    public long RowCount { get; }

    /// <summary>The number of training rows whose value is missing (NaN; always 0 for categorical columns).</summary>
    public long MissingCount { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}, {RowCount} rows)";
}

/// <summary>
/// A numeric column's training distribution: summary statistics, a histogram whose bin edges are the training
/// quantiles, and a uniform random sample of its values (the reference of the two-sample test). Missing values (NaN)
/// and infinities are counted apart; the statistics, the histogram and the sample describe the finite values.
/// </summary>
public sealed class NumericColumnBaseline : ColumnBaseline
{
    /// <summary>Creates a numeric column baseline without infinite values; the arguments are checked for consistency.</summary>
    /// <exception cref="ArgumentException">The histogram or the sample is inconsistent, or a statistic is not finite.</exception>
    public NumericColumnBaseline(
        string name,
        long rowCount,
        long missingCount,
        double min,
        double max,
        double mean,
        double standardDeviation,
        IReadOnlyList<double> binEdges,
        IReadOnlyList<double> binProportions,
        IReadOnlyList<double> sample)
        : this(name, rowCount, missingCount, 0, 0, min, max, mean, standardDeviation, binEdges, binProportions, sample)
    {
    }

    /// <summary>Creates a numeric column baseline; the arguments are checked for consistency.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="rowCount">The training rows.</param>
    /// <param name="missingCount">The rows whose value is NaN.</param>
    /// <param name="negativeInfinityCount">The rows whose value is negative infinity.</param>
    /// <param name="positiveInfinityCount">The rows whose value is positive infinity.</param>
    /// <param name="min">The smallest finite value (NaN when no value is finite).</param>
    /// <param name="max">The largest finite value (NaN when no value is finite).</param>
    /// <param name="mean">The mean of the finite values (NaN when no value is finite).</param>
    /// <param name="standardDeviation">The population standard deviation of the finite values (NaN when no value is finite).</param>
    /// <param name="binEdges">The histogram's inner bin edges, finite and strictly ascending.</param>
    /// <param name="binProportions">The proportion of the finite values in each bin.</param>
    /// <param name="sample">A sample of the finite values, ascending.</param>
    /// <exception cref="ArgumentException">The counts, the histogram or the sample are inconsistent, or a statistic is not finite.</exception>
    public NumericColumnBaseline(
        string name,
        long rowCount,
        long missingCount,
        long negativeInfinityCount,
        long positiveInfinityCount,
        double min,
        double max,
        double mean,
        double standardDeviation,
        IReadOnlyList<double> binEdges,
        IReadOnlyList<double> binProportions,
        IReadOnlyList<double> sample)
        : base(name, rowCount, missingCount)
    {
        BinEdges = binEdges ?? throw new ArgumentNullException(nameof(binEdges));
        BinProportions = binProportions ?? throw new ArgumentNullException(nameof(binProportions));
        Sample = sample ?? throw new ArgumentNullException(nameof(sample));
        NegativeInfinityCount = negativeInfinityCount;
        PositiveInfinityCount = positiveInfinityCount;
        Min = min;
        Max = max;
        Mean = mean;
        StandardDeviation = standardDeviation;

        // The counts are compared by subtraction, which cannot overflow once each is between 0 and rowCount.
        if (negativeInfinityCount < 0 || positiveInfinityCount < 0
            || negativeInfinityCount > rowCount - missingCount
            || positiveInfinityCount > rowCount - missingCount - negativeInfinityCount)
        {
            throw new ArgumentException(
                $"Column '{name}': {missingCount} missing values, {negativeInfinityCount} negative and {positiveInfinityCount} positive infinities out of {rowCount} rows is not possible.",
                nameof(positiveInfinityCount));
        }

        var finite = rowCount - missingCount - negativeInfinityCount - positiveInfinityCount;
        CheckStatistic(name, "minimum", min, finite);
        CheckStatistic(name, "maximum", max, finite);
        CheckStatistic(name, "mean", mean, finite);
        CheckStatistic(name, "standard deviation", standardDeviation, finite);
        if (finite > 0 && (standardDeviation < 0 || min > max))
        {
            throw new ArgumentException($"Column '{name}': a minimum of {min}, a maximum of {max}, a mean of {mean} and a standard deviation of {standardDeviation} do not fit together.", nameof(standardDeviation));
        }

        if (binProportions.Count != binEdges.Count + 1)
        {
            throw new ArgumentException($"Column '{name}': {binEdges.Count} bin edges need {binEdges.Count + 1} proportions, not {binProportions.Count}.", nameof(binProportions));
        }

        for (var i = 0; i < binEdges.Count; i++)
        {
            if (!DriftStatistics.IsFinite(binEdges[i]) || (i > 0 && binEdges[i] <= binEdges[i - 1]))
            {
                throw new ArgumentException($"Column '{name}': the bin edges must be finite numbers in strictly ascending order.", nameof(binEdges));
            }
        }

        var sum = 0.0;
        foreach (var proportion in binProportions)
        {
            if (double.IsNaN(proportion) || proportion < 0 || proportion > 1)
            {
                throw new ArgumentException($"Column '{name}': the bin proportion {proportion} is not between 0 and 1.", nameof(binProportions));
            }

            sum += proportion;
        }

        if (finite > 0 ? Math.Abs(sum - 1) > 1e-6 : sum != 0)
        {
            throw new ArgumentException($"Column '{name}': the bin proportions add up to {sum}, not {(finite > 0 ? 1 : 0)}.", nameof(binProportions));
        }

        if (sample.Count > finite)
        {
            throw new ArgumentException($"Column '{name}': the sample has {sample.Count} values but only {finite} rows have a finite one.", nameof(sample));
        }

        if (finite > 0 && sample.Count == 0)
        {
            throw new ArgumentException($"Column '{name}': the sample is empty although {finite} rows have a finite value.", nameof(sample));
        }

        for (var i = 0; i < sample.Count; i++)
        {
            if (!DriftStatistics.IsFinite(sample[i]) || (i > 0 && sample[i] < sample[i - 1]))
            {
                throw new ArgumentException($"Column '{name}': the sample must hold finite numbers in ascending order.", nameof(sample));
            }
        }
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Numeric;

    /// <summary>The number of training rows whose value is negative infinity.</summary>
    public long NegativeInfinityCount { get; }

    /// <summary>The number of training rows whose value is positive infinity.</summary>
    public long PositiveInfinityCount { get; }

    /// <summary>The number of training rows whose value is a finite number (neither missing nor infinite).</summary>
    public long FiniteCount => RowCount - MissingCount - NegativeInfinityCount - PositiveInfinityCount;

    /// <summary>The smallest finite training value (NaN when no value is finite).</summary>
    public double Min { get; }

    /// <summary>The largest finite training value (NaN when no value is finite).</summary>
    public double Max { get; }

    /// <summary>The mean of the finite training values.</summary>
    public double Mean { get; }

    /// <summary>The (population) standard deviation of the finite training values.</summary>
    public double StandardDeviation { get; }

    /// <summary>
    /// The histogram's inner bin edges, ascending: bin 0 is <c>x &lt;= BinEdges[0]</c>, bin i is
    /// <c>BinEdges[i-1] &lt; x &lt;= BinEdges[i]</c>, the last bin is above the last edge. Empty for a single bin.
    /// </summary>
    public IReadOnlyList<double> BinEdges { get; }

    /// <summary>The proportion of the finite training values in each bin (they add up to 1, or 0 when no value is finite).</summary>
    public IReadOnlyList<double> BinProportions { get; }

    /// <summary>A uniform random sample of the finite training values, in ascending order.</summary>
    public IReadOnlyList<double> Sample { get; }

    private static void CheckStatistic(string column, string statistic, double value, long finite)
    {
        if (finite > 0 ? !DriftStatistics.IsFinite(value) : !double.IsNaN(value) && double.IsInfinity(value))
        {
            throw new ArgumentException($"Column '{column}': the {statistic} is {value.ToString(CultureInfo.InvariantCulture)}; it must be a finite number{(finite > 0 ? "" : " or NaN (no finite value)")}.", statistic);
        }
    }

    /// <summary>The histogram bin of <paramref name="value"/> (not NaN).</summary>
    /// <param name="value">A finite value (an infinity falls into the first or the last bin).</param>
    public int BinOf(double value)
    {
        int low = 0, high = BinEdges.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (value <= BinEdges[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}

/// <summary>
/// A categorical column's training distribution: the count of each of its most frequent values; every other value
/// is counted in <see cref="OtherCount"/>.
/// </summary>
public sealed class CategoricalColumnBaseline : ColumnBaseline
{
    /// <summary>Creates a categorical column baseline.</summary>
    /// <exception cref="ArgumentException">The counts are inconsistent or a value appears twice.</exception>
    public CategoricalColumnBaseline(string name, long rowCount, IReadOnlyList<KeyValuePair<string, long>> categories, long otherCount, long distinctCount)
        : base(name, rowCount, 0)
    {
        Categories = categories ?? throw new ArgumentNullException(nameof(categories));
        OtherCount = otherCount;
        DistinctCount = distinctCount;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sum = otherCount;
        foreach (var category in categories)
        {
            if (category.Key is null || !seen.Add(category.Key))
            {
                throw new ArgumentException($"Column '{name}': the category '{category.Key}' is null or listed twice.", nameof(categories));
            }

            if (category.Value <= 0)
            {
                throw new ArgumentException($"Column '{name}': the category '{category.Key}' has the count {category.Value}.", nameof(categories));
            }

            // Counts near long.MaxValue would otherwise wrap around and could "add up" to the row count.
            if (sum > long.MaxValue - category.Value)
            {
                throw new ArgumentException($"Column '{name}': the category counts overflow a 64-bit integer; they cannot add up to the {rowCount} rows.", nameof(categories));
            }

            sum += category.Value;
        }

        if (otherCount < 0 || sum != rowCount)
        {
            throw new ArgumentException($"Column '{name}': the category counts add up to {sum}, not to the {rowCount} rows.", nameof(categories));
        }

        if (distinctCount < categories.Count)
        {
            throw new ArgumentException($"Column '{name}': {distinctCount} distinct values cannot hold {categories.Count} categories.", nameof(distinctCount));
        }
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Categorical;

    /// <summary>The most frequent values and their counts, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Categories { get; }

    /// <summary>The rows whose value is not one of <see cref="Categories"/>.</summary>
    public long OtherCount { get; }

    /// <summary>The distinct values seen in training (a lower bound once the tracking cap was reached).</summary>
    public long DistinctCount { get; }
}
