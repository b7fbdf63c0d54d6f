using Microsoft.ML;

namespace SharePublish;

public sealed class ChurnScorer
{
    private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

    public ChurnScorer()
    {
        var ml = new MLContext();
        var model = ml.Model.Load("/srv/share/churn-model.zip", out _);
        _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
    }

    public ChurnPrediction Score(Customer customer) => _engine.Predict(customer);
}
