using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

/// <summary>A served input: two continuous numbers, a discrete one, one with missing values, text and a flag.</summary>
public sealed class Applicant
{
    public float Income { get; set; }

    public float Age { get; set; }

    public float Debt { get; set; }

    public string Region { get; set; } = "";

    public bool Member { get; set; }
}

/// <summary>A training row: the served columns and a label.</summary>
public sealed class LabeledApplicant
{
    public float Income { get; set; }

    public float Age { get; set; }

    public float Debt { get; set; }

    public string Region { get; set; } = "";

    public bool Member { get; set; }

    public float Label { get; set; }
}

/// <summary>How served applicants differ from the training distribution.</summary>
public sealed record Shift(double IncomeMean = 0, double IncomeScale = 1, double DebtMissing = 0.05, double[]? RegionWeights = null, double NewRegion = 0);

/// <summary>Synthetic applicants: Income ~ N(50, 10), Age uniform on 18..80, Debt ~ Exp(mean 5) with 5% missing, Region 40/30/20/10%, Member 30%.</summary>
public static class Applicants
{
    public static readonly double[] TrainingRegionWeights = { 0.4, 0.3, 0.2, 0.1 };
    private static readonly string[] Regions = { "North", "South", "East", "West" };

    public static IEnumerable<Applicant> Generate(int seed, Shift? shift = null)
    {
        shift ??= new Shift();
        var random = new Random(seed);
        var weights = shift.RegionWeights ?? TrainingRegionWeights;
        while (true)
        {
            var region = random.NextDouble() < shift.NewRegion ? "Overseas" : Pick(random, weights);
            yield return new Applicant
            {
                Income = (float)(50 + shift.IncomeMean * 10 + (Normal(random) * 10 * shift.IncomeScale)),
                Age = random.Next(18, 81),
                Debt = random.NextDouble() < shift.DebtMissing ? float.NaN : (float)(-5 * Math.Log(1 - random.NextDouble())),
                Region = region,
                Member = random.NextDouble() < 0.3,
            };
        }
    }

    /// <summary>The training data as an ML.NET data view (with a label served inputs do not have).</summary>
    public static IDataView TrainingData(MLContext ml, int seed, int rows)
        => ml.Data.LoadFromEnumerable(Generate(seed).Take(rows).Select(a => new LabeledApplicant
        {
            Income = a.Income, Age = a.Age, Debt = a.Debt, Region = a.Region, Member = a.Member, Label = a.Income / 10,
        }).ToList());

    public static DriftBaseline Baseline(int seed, int rows = 2000)
    {
        var options = new DriftBaselineOptions { Seed = seed };
        options.ExcludedColumns.Add(nameof(LabeledApplicant.Label));
        return DriftBaseline.Compute(TrainingData(new MLContext(seed), seed, rows), options);
    }

    private static string Pick(Random random, double[] weights)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return Regions[i];
            }
        }

        return Regions[weights.Length - 1];
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
