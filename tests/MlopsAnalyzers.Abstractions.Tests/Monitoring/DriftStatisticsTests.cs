using System;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

public class DriftStatisticsTests
{
    [Fact]
    public void PsiFollowsItsFormula()
    {
        // (0.6 - 0.5) ln(0.6 / 0.5) + (0.4 - 0.5) ln(0.4 / 0.5)
        Assert.Equal(0.1 * (Math.Log(1.2) - Math.Log(0.8)), DriftStatistics.PopulationStabilityIndex(new[] { 0.5, 0.5 }, new[] { 0.6, 0.4 }), 12);
        Assert.Equal(0, DriftStatistics.PopulationStabilityIndex(new[] { 0.2, 0.8 }, new[] { 0.2, 0.8 }), 12);

        // An empty bin counts as 0.0001: large, finite.
        var empty = DriftStatistics.PopulationStabilityIndex(new[] { 0.5, 0.5 }, new[] { 1.0, 0.0 });
        Assert.Equal((0.5 * Math.Log(2)) + ((1e-4 - 0.5) * Math.Log(1e-4 / 0.5)), empty, 12);
    }

    [Theory]
    [InlineData(0.05, DriftSeverity.None)]
    [InlineData(0.1, DriftSeverity.Moderate)]
    [InlineData(0.2499, DriftSeverity.Moderate)]
    [InlineData(0.25, DriftSeverity.Significant)]
    public void PsiBands(double psi, DriftSeverity severity) => Assert.Equal(severity, DriftStatistics.PsiBand(psi));

    [Fact]
    public void PsiRejectsMismatchedOrInvalidProportions()
    {
        Assert.Throws<ArgumentException>(() => DriftStatistics.PopulationStabilityIndex(new[] { 0.5, 0.5 }, new[] { 1.0 }));
        Assert.Throws<ArgumentException>(() => DriftStatistics.PopulationStabilityIndex(new[] { 0.5, 0.5 }, new[] { 1.5, -0.5 }));
        Assert.Throws<ArgumentException>(() => DriftStatistics.PopulationStabilityIndex(new[] { double.NaN }, new[] { 1.0 }));
    }

    [Fact]
    public void KolmogorovSmirnovStatisticHandlesTiesAndDisjointSamples()
    {
        Assert.Equal(1, DriftStatistics.KolmogorovSmirnov(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 }).Statistic);
        Assert.Equal((0, 1), DriftStatistics.KolmogorovSmirnov(new double[] { 1, 2, 3, 4 }, new double[] { 1, 2, 3, 4 }));

        // F1(1) = 2/3, F2(1) = 1/3: ties move both functions at once.
        Assert.Equal(1.0 / 3, DriftStatistics.KolmogorovSmirnov(new double[] { 1, 1, 2 }, new double[] { 1, 2, 2 }).Statistic, 12);
        Assert.Equal((0, 1), DriftStatistics.KolmogorovSmirnov(Array.Empty<double>(), new double[] { 1 }));
    }

    [Theory]
    [InlineData(1.358, 0.050)] // the classic 5% critical value
    [InlineData(1.628, 0.010)] // and the 1% one
    [InlineData(0.5, 0.9639)]
    [InlineData(0.1, 1.0)]
    public void KolmogorovDistributionTail(double lambda, double expected)
        => Assert.Equal(expected, DriftStatistics.KolmogorovQ(lambda), 3);

    [Fact]
    public void KolmogorovSmirnovPValueUsesTheEffectiveSampleSize()
    {
        // Two samples of 1,000 whose functions differ by 0.1 at one point: sqrt(500) * 0.1 = 2.24 → p ≈ 0.0001.
        var first = new double[1000];
        var second = new double[1000];
        for (var i = 0; i < 1000; i++)
        {
            first[i] = i;
            second[i] = i < 100 ? 1000 + i : i;
        }

        Array.Sort(second);
        var (d, p) = DriftStatistics.KolmogorovSmirnov(first, second);
        Assert.Equal(0.1, d, 12);
        Assert.Equal(DriftStatistics.KolmogorovQ((Math.Sqrt(500) + 0.12 + (0.11 / Math.Sqrt(500))) * 0.1), p, 12);
        Assert.InRange(p, 1e-5, 1e-3);
    }

    [Theory]
    [InlineData(0.5, 3.841 / 2, 0.05)]   // chi-square, 1 degree of freedom, 5% critical value
    [InlineData(4.5, 21.666 / 2, 0.01)]  // 9 degrees of freedom, 1%
    [InlineData(1, 2, 0.135335)]         // Q(1, x) = exp(-x)
    [InlineData(10, 3, 0.998897)]        // series branch
    public void UpperRegularizedGamma(double a, double x, double expected)
        => Assert.Equal(expected, DriftStatistics.UpperRegularizedGamma(a, x), 3);

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        Assert.Equal(Math.Log(24), DriftStatistics.LogGamma(5), 10);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), DriftStatistics.LogGamma(0.5), 10);
    }

    [Fact]
    public void ChiSquareHomogeneity()
    {
        Assert.Equal(1, DriftStatistics.ChiSquareHomogeneity(new double[] { 50, 50 }, new[] { 50, 50 }), 10);
        Assert.True(DriftStatistics.ChiSquareHomogeneity(new double[] { 1000, 0 }, new[] { 0, 1000 }) < 1e-100);

        // 2x2 table [[60, 40], [40, 60]]: X^2 = 8 on 1 degree of freedom → p = 0.00468.
        Assert.Equal(0.00468, DriftStatistics.ChiSquareHomogeneity(new double[] { 60, 40 }, new[] { 40, 60 }), 4);

        // Bins empty on both sides are left out; an empty side gives 1.
        Assert.Equal(1, DriftStatistics.ChiSquareHomogeneity(new double[] { 50, 50, 0 }, new[] { 50, 50, 0 }), 10);
        Assert.Equal(1, DriftStatistics.ChiSquareHomogeneity(new double[] { 50, 50 }, new[] { 0, 0 }));
        Assert.Throws<ArgumentException>(() => DriftStatistics.ChiSquareHomogeneity(new double[] { 1 }, new[] { 1, 2 }));
        Assert.Throws<ArgumentException>(() => DriftStatistics.ChiSquareHomogeneity(new double[] { 1, 1 }, new[] { 1, -2 }));
    }
}
