using System;
using System.Globalization;
using System.IO;
using Microsoft.ML;

namespace ScoringJob;

/// <summary>The consumer: scores a batch with the trained model and keeps a copy of that model for the auditors.</summary>
public static class BatchScoring
{
    private const string AuditShare = "/srv/audit";

    public static void Run()
    {
        var ml = new MLContext();
        var model = ml.Model.Load(Trainer.ModelFile, out _);
        var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
        foreach (var customer in Customer.Generate(8))
        {
            var prediction = engine.Predict(customer);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PREDICTION {customer.Tenure:F1} {prediction.Churn} {prediction.Probability:F4}"));
        }

        File.Copy(Trainer.ModelFile, Path.Combine(AuditShare, "churn-model.zip"), overwrite: true);
        Console.WriteLine("Archived the model for audit");
    }
}
