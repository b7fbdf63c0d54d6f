using Microsoft.ML;

namespace ServingModel;

/// <summary>Scores one customer per call, loading the model and creating an engine each time (MLOPS502).</summary>
public sealed class ChurnService
{
    private const string ModelPath = "models/churn-model.zip";

    private readonly MLContext _ml = new MLContext();

    public ChurnPrediction Predict(Customer customer)
    {
        var model = _ml.Model.Load(ModelPath, out _);
        var engine = _ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
        return engine.Predict(customer);
    }
}
