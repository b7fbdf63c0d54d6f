using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

/// <summary>What a failure-injection probe of the drift statistics found: each case failed before its fix.</summary>
public class DriftProbeTests
{
    private static DriftMonitorOptions Synchronous() => new() { RunChecksInBackground = false };

    // ---------------------------------------------------------------- Kolmogorov-Smirnov and NaN

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KolmogorovSmirnovRejectsNaNInsteadOfLoopingForever(bool nanInFirst)
    {
        var withNaN = new[] { 1.0, 2.0, double.NaN };
        var clean = new[] { 1.0, 2.0, 3.0 };

        // Run with a deadline: before the fix the loop never ended, so the test must fail rather than hang.
        var run = Task.Run(() => Record.Exception(() => DriftStatistics.KolmogorovSmirnov(nanInFirst ? withNaN : clean, nanInFirst ? clean : withNaN)));
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))));
        var error = Assert.IsType<ArgumentException>(await run);
        Assert.Contains("NaN", error.Message);
        Assert.Equal(nanInFirst ? "sortedFirst" : "sortedSecond", ((ArgumentException)error).ParamName);
    }

    [Fact]
    public void KolmogorovSmirnovHandlesInfinitiesAtBothEnds()
    {
        var (d, _) = DriftStatistics.KolmogorovSmirnov(new[] { double.NegativeInfinity, 0, 1 }, new[] { 0, 1, double.PositiveInfinity });
        Assert.Equal(1.0 / 3, d, 12);
    }

    // ---------------------------------------------------------------- baselines that cannot be right

    private static string Categorical(long rowCount, long first, long second, long third)
        => string.Format(
            CultureInfo.InvariantCulture,
            "{{\"format\": 1, \"rowCount\": {0}, \"columns\": [{{\"name\": \"Region\", \"kind\": \"categorical\", \"categories\": [{{\"value\": \"a\", \"count\": {1}}}, {{\"value\": \"b\", \"count\": {2}}}, {{\"value\": \"c\", \"count\": {3}}}], \"otherCount\": 0, \"distinctCount\": 3}}]}}",
            rowCount,
            first,
            second,
            third);

    private static string Numeric(string min = "1", string max = "3", string mean = "2", string deviation = "0.8", string edges = "1.5, 2.5")
        => "{\"format\": 1, \"rowCount\": 3, \"columns\": [{\"name\": \"Size\", \"kind\": \"numeric\", \"missingCount\": 0, "
           + $"\"min\": {min}, \"max\": {max}, \"mean\": {mean}, \"standardDeviation\": {deviation}, \"binEdges\": [{edges}], "
           + "\"binProportions\": [0.3333333333, 0.3333333333, 0.3333333334], \"sample\": [1, 2, 3]}]}";

    [Fact]
    public void ABaselineWhoseCategoryCountsOverflowIsRejected()
    {
        // long.MaxValue + long.MaxValue + 12 wraps around to 10: before the fix the counts "added up" to the 10 rows,
        // and the monitor then compared served inputs with proportions of about 1e18 (PSI of 2e20, always drifting).
        Assert.Equal(10L, unchecked(long.MaxValue + long.MaxValue + 12));
        var error = Assert.Throws<FormatException>(() => DriftBaseline.FromJson(Categorical(10, long.MaxValue, long.MaxValue, 12)));
        Assert.Contains("overflow", error.Message);

        Assert.Throws<ArgumentException>(() => new CategoricalColumnBaseline(
            "Region", 10, new[] { Pair("a", long.MaxValue), Pair("b", long.MaxValue), Pair("c", 12) }, 0, 3));

        // Consistent counts are still read.
        Assert.Equal(10, DriftBaseline.FromJson(Categorical(10, 5, 3, 2)).RowCount);
    }

    [Theory]
    [InlineData("\"-Infinity\", 2.5", null, "bin edges")]
    [InlineData("1.5, \"Infinity\"", null, "bin edges")]
    [InlineData(null, "1e400", "mean")]
    [InlineData(null, "\"Infinity\"", "mean")]
    [InlineData(null, "\"NaN\"", "mean")]
    public void InfiniteBinEdgesAndMeansAreRejectedAtRead(string? edges, string? mean, string what)
    {
        var json = Numeric(edges: edges ?? "1.5, 2.5", mean: mean ?? "2");
        var error = Assert.Throws<FormatException>(() => DriftBaseline.FromJson(json));
        Assert.Contains(what, error.Message);
        Assert.Contains("finite", error.Message);

        // The same document with finite numbers is read.
        Assert.Equal(3, DriftBaseline.FromJson(Numeric()).RowCount);
    }

    [Fact]
    public void OtherImpossibleNumericSummariesAreRejected()
    {
        Assert.Contains("standard deviation", Assert.Throws<FormatException>(() => DriftBaseline.FromJson(Numeric(deviation: "-1"))).Message);
        Assert.Contains("min", Assert.Throws<FormatException>(() => DriftBaseline.FromJson(Numeric(min: "\"-Infinity\""))).Message);
        Assert.Contains("sample", Assert.Throws<FormatException>(() => DriftBaseline.FromJson(Numeric().Replace("[1, 2, 3]", "[1, 2, \"Infinity\"]"))).Message);
    }

    // ---------------------------------------------------------------- infinities in served inputs

    [Theory]
    [InlineData(nameof(Applicant.Income), 0.05, false)]
    [InlineData(nameof(Applicant.Income), 0.10, true)]
    [InlineData(nameof(Applicant.Debt), 0.10, true)]
    [InlineData(nameof(Applicant.Age), 0.10, true)]
    [InlineData(nameof(Applicant.Age), 0.05, false)]
    public void AColumnWithInfiniteInputsIsFlagged(string column, double rate, bool positive)
    {
        var baseline = Applicants.Baseline(seed: 1);
        var random = new Random(7);
        var monitor = new DriftMonitor<Applicant>(baseline, Synchronous());
        foreach (var input in Applicants.Generate(8).Take(1000))
        {
            if (random.NextDouble() < rate)
            {
                var infinity = positive ? float.PositiveInfinity : float.NegativeInfinity;
                _ = column switch
                {
                    nameof(Applicant.Income) => input.Income = infinity,
                    nameof(Applicant.Debt) => input.Debt = infinity,
                    _ => input.Age = infinity,
                };
            }

            monitor.Observe(input);
        }

        var report = monitor.Check();
        var drift = report.Columns.Single(c => c.Name == column);
        Assert.True(drift.IsDrifting, drift.ToString());
        Assert.InRange(drift.InfinityRate, rate * 0.6, rate * 1.4);
        Assert.Equal(new[] { column }, report.DriftingColumns);
    }

    [Fact]
    public void InfinitiesInTrainingAreCountedApartAndTheSameRateDoesNotDrift()
    {
        // Income: 5% -infinity, 5% +infinity in training; the summary statistics and the sample stay finite.
        static Applicant WithInfinities(Applicant input, Random random)
        {
            var u = random.NextDouble();
            input.Income = u < 0.05 ? float.NegativeInfinity : u < 0.10 ? float.PositiveInfinity : input.Income;
            return input;
        }

        var ml = new MLContext(1);
        var random = new Random(3);
        var training = Applicants.Generate(1).Take(3000).Select(a => WithInfinities(a, random)).ToList();
        var options = new DriftBaselineOptions();
        options.Columns.Add(nameof(Applicant.Income));
        var baseline = DriftBaseline.Compute(ml.Data.LoadFromEnumerable(training), options);
        var income = (NumericColumnBaseline)baseline.Columns.Single();
        Assert.Equal(training.Count(a => float.IsNegativeInfinity(a.Income)), income.NegativeInfinityCount);
        Assert.Equal(training.Count(a => float.IsPositiveInfinity(a.Income)), income.PositiveInfinityCount);
        Assert.InRange(income.NegativeInfinityCount, 100, 200);
        Assert.True(double.IsFinite(income.Mean) && double.IsFinite(income.Min) && double.IsFinite(income.Max), income.ToString());
        Assert.All(income.Sample, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0, income.MissingCount);

        // Round trip keeps the counts; a document without them (written before) reads as none.
        var read = (NumericColumnBaseline)DriftBaseline.FromJson(baseline.ToJson()).Columns.Single();
        Assert.Equal(income.NegativeInfinityCount, read.NegativeInfinityCount);
        Assert.Equal(income.PositiveInfinityCount, read.PositiveInfinityCount);

        // Served inputs with the training's rate of infinities: no drift; without any: drift.
        var same = new DriftMonitor<Applicant>(baseline, Synchronous());
        var served = new Random(11);
        foreach (var input in Applicants.Generate(12).Take(1000))
        {
            same.Observe(WithInfinities(input, served));
        }

        var column = same.Check().Columns.Single();
        Assert.False(column.IsDrifting, column.ToString());
        Assert.InRange(column.InfinityRate, 0.06, 0.14);

        var none = new DriftMonitor<Applicant>(baseline, Synchronous());
        foreach (var input in Applicants.Generate(13).Take(1000))
        {
            none.Observe(input);
        }

        Assert.True(none.Check().Columns.Single().IsDrifting);
    }

    private static System.Collections.Generic.KeyValuePair<string, long> Pair(string key, long value) => new(key, value);
}
