using Microsoft.ML;

namespace ChurnModel;

/// <summary>The "serving" side: loads the model the trainer published and scores customers.</summary>
public sealed class ChurnPredictor
{
    private readonly PredictionEngine<Customer, ChurnPrediction> _engine;

    public ChurnPredictor()
    {
        var ml = new MLContext();

        // MLOPS101: serving reads whatever file happens to be at this path on the host.
        var model = ml.Model.Load("/srv/models/churn/churn-model.zip", out _);
        _engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
    }

    public ChurnPrediction Predict(Customer customer) => _engine.Predict(customer);
}
