using Microsoft.ML;

namespace FolderModel;

public sealed class ChurnScorer
{
    private const string ModelPath = "/srv/models/churn-model.zip";

    private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

    public ChurnScorer()
    {
        var ml = new MLContext();
        var model = ml.Model.Load(ModelPath, out _);
        _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
    }

    public ChurnPrediction Score(Customer customer) => _engine.Predict(customer);
}
