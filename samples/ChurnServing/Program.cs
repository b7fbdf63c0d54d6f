using ChurnModel;
using ChurnServing;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Monitoring;

// Train and register the churn model with its drift baseline (the distribution of every input column).
var ml = new MLContext(seed: 42);
var data = ml.Data.LoadFromTextFile<Customer>(Path.Combine(AppContext.BaseDirectory, "Data", "customers.csv"), hasHeader: true, separatorChar: ',');
var model = ServedChurnModel.Pipeline(ml).Fit(data);
var registration = new ModelRegistration { Seed = 42, Description = "Churn model served by the ChurnServing sample" }
    .AddDriftBaseline(data, nameof(Customer.Churned));
var version = ModelRegistry.Default.Register(ml, ServedChurnModel.Name, model, data.Schema, registration);
Console.WriteLine($"Registered {ServedChurnModel.Name} version {version.Version} with a drift baseline.");

var customers = ml.Data.CreateEnumerable<Customer>(data, reuseRowObject: false).ToList();
Console.WriteLine($"Naive scorer, first customer: {new NaiveChurnScorer().Score(customers[0]):P1}");

// Serve customers like the training ones, then customers whose monthly charges have doubled.
using var scorer = new MonitoredChurnScorer(new DriftMonitorOptions { WindowSize = 300, MinimumSamples = 200, RunChecksInBackground = false });
scorer.DriftDetected += (_, e) => Console.WriteLine($"Drift detected in: {string.Join(", ", e.DriftingColumns)}");
foreach (var customer in customers)
{
    scorer.Score(customer);
}

Console.WriteLine($"After {customers.Count} customers like the training ones: {(scorer.CheckDrift().HasDrift ? "drift" : "no drift")}.");
foreach (var customer in customers)
{
    scorer.Score(new Customer { Tenure = customer.Tenure, MonthlyCharges = customer.MonthlyCharges * 2, SupportCalls = customer.SupportCalls, Contract = customer.Contract });
}

Console.WriteLine($"After {customers.Count} customers with doubled charges: {scorer.CheckDrift()}");

/// <summary>The churn model's name in the registry and its training pipeline.</summary>
internal static class ServedChurnModel
{
    public const string Name = "churn-serving";

    public static IEstimator<ITransformer> Pipeline(MLContext ml)
        => ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(Customer.Contract))
            .Append(ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls), "ContractEncoded"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned), maximumNumberOfIterations: 100));
}
