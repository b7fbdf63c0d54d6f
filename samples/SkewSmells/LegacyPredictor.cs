using Microsoft.ML;
using SkewShared;

namespace SkewSmells;

/// <summary>Serving as it was first written: it rebuilds and refits the featurization on each request.</summary>
public sealed class LegacyPredictor
{
    private readonly MLContext _ml = new MLContext(seed: 0);
    private readonly PredictionEngine<House, PricePrediction> _engine;

    public LegacyPredictor(PredictionEngine<House, PricePrediction> engine) => _engine = engine;

    public IEstimator<ITransformer> Featurization()
        // MLOPS204: a copy of LegacyTrainer.CrossValidationPipeline.
        => _ml.Transforms.NormalizeMinMax(nameof(House.Size)).Append(_ml.Transforms.NormalizeMinMax(nameof(House.Age)));

    public float Predict(House house)
    {
        var request = _ml.Data.LoadFromEnumerable(new[] { house });

        // MLOPS202: the normalization learns its range from this one request, not from the training data.
        var normalizer = _ml.Transforms.NormalizeMinMax(nameof(House.Size)).Fit(request);
        var normalized = _ml.Data.CreateEnumerable<House>(normalizer.Transform(request), reuseRowObject: false).First();
        return _engine.Predict(normalized).Price;
    }
}
