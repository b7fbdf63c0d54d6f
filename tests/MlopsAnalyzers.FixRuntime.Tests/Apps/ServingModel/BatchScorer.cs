using System.Collections.Generic;
using Microsoft.ML;

namespace ServingModel;

/// <summary>Scores a batch with an engine held in a static field (MLOPS501).</summary>
public static class BatchScorer
{
    private static readonly PredictionEngine<Customer, ChurnPrediction> Engine = CreateEngine();

    public static List<ChurnPrediction> ScoreAll(IEnumerable<Customer> customers)
    {
        var predictions = new List<ChurnPrediction>();
        foreach (var customer in customers)
        {
            predictions.Add(Engine.Predict(customer));
        }

        return predictions;
    }

    private static PredictionEngine<Customer, ChurnPrediction> CreateEngine()
    {
        var ml = new MLContext();
        var model = ml.Model.Load("models/churn-model.zip", out _);
        return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
    }
}
