using System;
using System.Collections.Generic;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// The statistics the drift monitor computes, exposed so they can be checked and reused.
/// </summary>
/// <remarks>
/// <para>
/// <b>Population stability index.</b> With expected (training) proportions <c>e_i</c> and actual (served) proportions
/// <c>a_i</c> over the same bins, <c>PSI = sum_i (a_i - e_i) * ln(a_i / e_i)</c>. A proportion of zero is replaced by
/// <see cref="PsiEpsilon"/> (0.0001) so that an empty bin gives a large but finite term. Usual reading: below 0.1 no
/// significant shift, 0.1 to 0.25 a moderate shift, 0.25 and above a significant shift.
/// </para>
/// <para>
/// <b>Two-sample Kolmogorov-Smirnov test.</b> <c>D = max_x |F_1(x) - F_2(x)|</c> over the two empirical distribution
/// functions. Its p-value is the asymptotic Kolmogorov distribution <c>Q(l) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 l^2)</c>
/// at <c>l = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) * D</c> with the effective size <c>n = n_1 n_2 / (n_1 + n_2)</c>
/// (Stephens' correction). Ties (discrete values) make the test conservative.
/// </para>
/// <para>
/// <b>Chi-square test of homogeneity.</b> Training counts <c>r_i</c> (total R) and served counts <c>s_i</c> (total S)
/// over the same k bins form a 2-by-k table; with <c>t_i = r_i + s_i</c> and <c>N = R + S</c>,
/// <c>X^2 = sum_i (r_i - R t_i / N)^2 / (R t_i / N) + (s_i - S t_i / N)^2 / (S t_i / N)</c> with <c>k - 1</c> degrees
/// of freedom; the p-value is the upper regularized incomplete gamma function <c>Q((k - 1) / 2, X^2 / 2)</c>.
/// </para>
/// </remarks>
public static class DriftStatistics
{
    /// <summary>The proportion used in place of zero in the PSI: 0.0001.</summary>
    public const double PsiEpsilon = 1e-4;

    /// <summary>The population stability index of <paramref name="actual"/> proportions against <paramref name="expected"/> ones.</summary>
    /// <exception cref="ArgumentException">The two lists have different lengths, or a proportion is negative or not a number.</exception>
    public static double PopulationStabilityIndex(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        if (actual is null)
        {
            throw new ArgumentNullException(nameof(actual));
        }

        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"The expected proportions have {expected.Count} bins and the actual ones {actual.Count}.", nameof(actual));
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = CheckProportion(expected[i], nameof(expected));
            var a = CheckProportion(actual[i], nameof(actual));
            e = Math.Max(e, PsiEpsilon);
            a = Math.Max(a, PsiEpsilon);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>The PSI band of a value: below 0.1 none, below 0.25 moderate, else significant.</summary>
    public static DriftSeverity PsiBand(double psi)
        => psi >= 0.25 ? DriftSeverity.Significant : psi >= 0.1 ? DriftSeverity.Moderate : DriftSeverity.None;

    /// <summary>
    /// The two-sample Kolmogorov-Smirnov statistic D of two samples sorted in ascending order (no NaN; infinities are
    /// ordinary values at either end), and its asymptotic p-value. Either sample empty gives D = 0 and p = 1.
    /// </summary>
    /// <exception cref="ArgumentException">A sample contains NaN or is not in ascending order.</exception>
    public static (double Statistic, double PValue) KolmogorovSmirnov(IReadOnlyList<double> sortedFirst, IReadOnlyList<double> sortedSecond)
    {
        var first = CheckSorted(sortedFirst, nameof(sortedFirst));
        var second = CheckSorted(sortedSecond, nameof(sortedSecond));
        return KolmogorovSmirnov(first, first.Length, second, second.Length);
    }

    /// <summary>The KS statistic and p-value of the first <paramref name="n1"/> and <paramref name="n2"/> values of two sorted arrays.</summary>
    internal static (double Statistic, double PValue) KolmogorovSmirnov(double[] sortedFirst, int n1, double[] sortedSecond, int n2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return (0, 1);
        }

        int i = 0, j = 0;
        var d = 0.0;
        while (i < n1 && j < n2)
        {
            // Step past every copy of the smaller value in both samples, so ties move both functions together.
            var x = Math.Min(sortedFirst[i], sortedSecond[j]);
            if (double.IsNaN(x))
            {
                // NaN compares false with everything: neither index would move and the loop would never end.
                throw new ArgumentException("The Kolmogorov-Smirnov test cannot compare NaN values: leave missing values out.");
            }

            while (i < n1 && sortedFirst[i] <= x)
            {
                i++;
            }

            while (j < n2 && sortedSecond[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / n1) - ((double)j / n2)));
        }

        var effective = (double)n1 * n2 / (n1 + n2);
        var sqrt = Math.Sqrt(effective);
        return (d, KolmogorovQ((sqrt + 0.12 + (0.11 / sqrt)) * d));
    }

    /// <summary>
    /// The p-value of the chi-square test of homogeneity between two sets of counts over the same bins (reference
    /// counts, which may be fractional, and served counts): a 2-by-k contingency table, <c>k - 1</c> degrees of
    /// freedom, bins empty in both left out. Fewer than two non-empty bins, or an empty side, gives p = 1.
    /// </summary>
    /// <exception cref="ArgumentException">The lists have different lengths, or a count is negative or not a number.</exception>
    public static double ChiSquareHomogeneity(IReadOnlyList<double> referenceCounts, IReadOnlyList<int> servedCounts)
    {
        if (referenceCounts is null)
        {
            throw new ArgumentNullException(nameof(referenceCounts));
        }

        if (servedCounts is null)
        {
            throw new ArgumentNullException(nameof(servedCounts));
        }

        if (referenceCounts.Count != servedCounts.Count)
        {
            throw new ArgumentException($"The reference has {referenceCounts.Count} bins and the served counts {servedCounts.Count}.", nameof(servedCounts));
        }

        double reference = 0, served = 0;
        for (var i = 0; i < referenceCounts.Count; i++)
        {
            reference += CheckProportion(referenceCounts[i], nameof(referenceCounts));
            served += servedCounts[i] >= 0 ? servedCounts[i] : throw new ArgumentException("A served count is negative.", nameof(servedCounts));
        }

        if (reference <= 0 || served <= 0)
        {
            return 1;
        }

        var total = reference + served;
        var statistic = 0.0;
        var bins = 0;
        for (var i = 0; i < referenceCounts.Count; i++)
        {
            var column = referenceCounts[i] + servedCounts[i];
            if (column <= 0)
            {
                continue;
            }

            var expectedReference = reference * column / total;
            var expectedServed = served * column / total;
            statistic += ((referenceCounts[i] - expectedReference) * (referenceCounts[i] - expectedReference) / expectedReference)
                + ((servedCounts[i] - expectedServed) * (servedCounts[i] - expectedServed) / expectedServed);
            bins++;
        }

        return bins < 2 ? 1 : UpperRegularizedGamma((bins - 1) / 2.0, statistic / 2);
    }

    /// <summary>The Kolmogorov distribution's upper tail Q(lambda) = P(K &gt; lambda).</summary>
    internal static double KolmogorovQ(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }

        var sum = 0.0;
        var sign = 1.0;
        var twoLambdaSquared = 2 * lambda * lambda;
        for (var j = 1; j <= 100; j++)
        {
            var term = sign * Math.Exp(-twoLambdaSquared * j * j);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum) || Math.Abs(term) < 1e-300)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Min(1, Math.Max(0, 2 * sum));
    }

    /// <summary>Q(a, x), the upper regularized incomplete gamma function (series below a + 1, continued fraction above).</summary>
    internal static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            // P(a, x) by its series.
            double term = 1 / a, sum = term;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
                {
                    break;
                }
            }

            return Math.Max(0, 1 - (sum * Math.Exp(logPrefix)));
        }

        // Q(a, x) by Lentz's continued fraction.
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Min(1, Math.Exp(logPrefix) * h);
    }

    /// <summary>ln Gamma(x) for x &gt; 0 (Lanczos approximation, g = 7).</summary>
    internal static double LogGamma(double x)
    {
        double[] coefficients =
        {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        };

        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static double[] CheckSorted(IReadOnlyList<double> values, string parameterName)
    {
        if (values is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        var copy = values as double[] ?? new double[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
            if (double.IsNaN(copy[i]))
            {
                throw new ArgumentException($"The sample has NaN at index {i}: the Kolmogorov-Smirnov test compares numbers; leave missing values out.", parameterName);
            }

            if (i > 0 && copy[i] < copy[i - 1])
            {
                throw new ArgumentException($"The sample is not in ascending order at index {i}.", parameterName);
            }
        }

        return copy;
    }

    /// <summary>True for a number that is neither NaN nor an infinity (<c>double.IsFinite</c> is not in netstandard2.0).</summary>
    internal static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static double CheckProportion(double value, string parameterName)
        => double.IsNaN(value) || value < 0 || double.IsInfinity(value)
            ? throw new ArgumentException($"A proportion is {value}; proportions are finite and not negative.", parameterName)
            : value;
}

/// <summary>How far a column has moved from its training distribution, by the usual PSI bands.</summary>
public enum DriftSeverity
{
    /// <summary>PSI below 0.1: no significant shift.</summary>
    None = 0,

    /// <summary>PSI from 0.1 to 0.25: a moderate shift, worth watching.</summary>
    Moderate = 1,

    /// <summary>PSI of 0.25 or more: a significant shift.</summary>
    Significant = 2,
}
