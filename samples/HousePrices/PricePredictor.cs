using Microsoft.ML;

namespace HousePrices;

/// <summary>Serves predictions from a saved model. Inference only: its unseeded MLContext is fine (no MLOPS301).</summary>
public sealed class PricePredictor
{
    private readonly PredictionEngine<House, PricePrediction> _engine;

    public PricePredictor(string modelPath)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(modelPath, out _);
        _engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
    }

    public float Predict(House house) => _engine.Predict(house).Price;
}
