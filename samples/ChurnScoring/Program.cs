using Microsoft.ML;
using Microsoft.ML.Data;

// Scores a batch of customers on all cores. PredictionEngine is not thread-safe: it reuses its input and output
// buffers, so the two shared engines below can return another row's prediction, or throw, under load.
var customers = Enumerable.Range(0, 2_000)
    .Select(i => new Customer { Tenure = i % 72, MonthlyCharges = 20 + (i * 7 % 100) })
    .ToArray();

// Unsafe: every iteration of the parallel loop goes through one engine.
var churnsShared = new bool[customers.Length];
Parallel.For(0, customers.Length, i => churnsShared[i] = SharedScorer.Churns(customers[i]));

var engine = ChurnModel.Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(ChurnModel.Model);
var probabilities = new float[customers.Length];
// MLOPS501: the local engine is captured by the loop body, which runs on several threads at once
Parallel.For(0, customers.Length, i => probabilities[i] = engine.Predict(customers[i]).Probability);

// Safe: one engine per thread.
var churns = new bool[customers.Length];
Parallel.For(0, customers.Length, i => churns[i] = PerThreadScorer.Churns(customers[i]));

Console.WriteLine($"{churns.Count(c => c)} of {customers.Length} customers are likely to churn.");

/// <summary>One engine for the whole process: what MLOPS501 warns about.</summary>
internal static class SharedScorer
{
    // MLOPS501: a static engine is used by every thread that scores
    private static readonly PredictionEngine<Customer, ChurnPrediction> Engine = ChurnModel.CreateEngine();

    public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
}

/// <summary>What the MLOPS501 code fix writes: each thread lazily builds its own engine.</summary>
internal static class PerThreadScorer
{
    [ThreadStatic]
    private static PredictionEngine<Customer, ChurnPrediction>? engineOfThisThread;
    private static PredictionEngine<Customer, ChurnPrediction> Engine => engineOfThisThread ??= ChurnModel.CreateEngine();

    public static bool Churns(Customer customer) => Engine.Predict(customer).PredictedLabel;
}

/// <summary>A small churn model trained in memory (seeded, with normalized features) so the sample needs no files.</summary>
internal static class ChurnModel
{
    public static readonly MLContext Ml = new(seed: 1);
    public static readonly ITransformer Model = Train();

    public static PredictionEngine<Customer, ChurnPrediction> CreateEngine()
        => Ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(Model);

    private static ITransformer Train()
    {
        var rows = Enumerable.Range(0, 200).Select(i => new Customer
        {
            Tenure = i % 72,
            MonthlyCharges = 20 + (i * 13 % 100),
            Churned = i % 72 < 12 && i % 3 != 0,
        });
        var data = Ml.Data.LoadFromEnumerable(rows);
        var pipeline = Ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned)));
        return pipeline.Fit(data);
    }
}

internal sealed class Customer
{
    public float Tenure { get; set; }

    public float MonthlyCharges { get; set; }

    public bool Churned { get; set; }
}

internal sealed class ChurnPrediction
{
    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}
