using Microsoft.ML;
using SkewShared;

// Serving: load the chain that training saved. It applies the featurization fitted at training time, so a raw
// House goes in and a price comes out; nothing is fitted here (no MLOPS202), nothing is re-implemented.
var modelPath = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(AppContext.BaseDirectory, "house-prices.zip");
var predictor = new PricePredictor(modelPath);
var house = new House { Size = 95, Rooms = 4, Age = 20, City = "Lyon" };
Console.WriteLine($"Predicted price of a {house.Size} m2 flat in {house.City}: {predictor.Predict(house):0}");

/// <summary>Loads the model once and predicts on demand. Inference only: its unseeded MLContext is fine.</summary>
internal sealed class PricePredictor
{
    private readonly PredictionEngine<House, PricePrediction> _engine;

    public PricePredictor(string modelPath)
    {
        var ml = new MLContext();
        var model = PricePipeline.Definition.Load(ml, modelPath, out _);
        _engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
    }

    public float Predict(House house) => _engine.Predict(house).Price;
}
