using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Monitoring;

namespace MlopsAnalyzers.Abstractions.Benchmarks;

/// <summary>A served input: four numbers and a category, as a small tabular model sees them.</summary>
public sealed class Applicant
{
    public float Income { get; set; }

    public float Age { get; set; }

    public float Debt { get; set; }

    public float Tenure { get; set; }

    public string Region { get; set; } = "";
}

public sealed class TrainingRow
{
    public float Income { get; set; }

    public float Age { get; set; }

    public float Debt { get; set; }

    public float Tenure { get; set; }

    public string Region { get; set; } = "";

    public float Limit { get; set; }
}

public sealed class LimitPrediction
{
    [ColumnName("Score")]
    public float Limit { get; set; }
}

/// <summary>
/// A typical small tabular model (one-hot encoding, normalization, SDCA regression) trained on synthetic rows, its
/// drift baseline, and inputs to serve.
/// </summary>
public sealed class ServedModel
{
    private static readonly string[] Regions = { "North", "South", "East", "West", "Center" };

    public ServedModel(int trainingRows = 5000, int servedRows = 4096)
    {
        Ml = new MLContext(seed: 1);
        var random = new Random(1);
        var training = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, trainingRows).Select(_ => Row(random)).ToList());
        var pipeline = Ml.Transforms.Categorical.OneHotEncoding("RegionKey", nameof(TrainingRow.Region))
            .Append(Ml.Transforms.Concatenate("Features", nameof(TrainingRow.Income), nameof(TrainingRow.Age), nameof(TrainingRow.Debt), nameof(TrainingRow.Tenure), "RegionKey"))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: nameof(TrainingRow.Limit), maximumNumberOfIterations: 20));
        Model = pipeline.Fit(training);

        var options = new DriftBaselineOptions();
        options.ExcludedColumns.Add(nameof(TrainingRow.Limit));
        Baseline = DriftBaseline.Compute(training, options);

        Inputs = Enumerable.Range(0, servedRows).Select(_ =>
        {
            var row = Row(random);
            return new Applicant { Income = row.Income, Age = row.Age, Debt = row.Debt, Tenure = row.Tenure, Region = row.Region };
        }).ToArray();
    }

    public MLContext Ml { get; }

    public ITransformer Model { get; }

    public DriftBaseline Baseline { get; }

    public Applicant[] Inputs { get; }

    public PredictionEngine<Applicant, LimitPrediction> CreateEngine() => Ml.Model.CreatePredictionEngine<Applicant, LimitPrediction>(Model);

    private static TrainingRow Row(Random random)
    {
        var income = (float)(40 + (random.NextDouble() * 80));
        var debt = (float)(random.NextDouble() * 20);
        return new TrainingRow
        {
            Income = income,
            Age = random.Next(18, 80),
            Debt = debt,
            Tenure = random.Next(0, 30),
            Region = Regions[random.Next(Regions.Length)],
            Limit = (income * 100) - (debt * 50) + (float)(random.NextDouble() * 500),
        };
    }
}
