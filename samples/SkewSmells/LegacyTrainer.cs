using Microsoft.ML;
using SkewShared;

namespace SkewSmells;

/// <summary>Training as it was first written: data from one laptop, and a saved model that lacks its preparation.</summary>
public sealed class LegacyTrainer
{
    private readonly MLContext _ml = new MLContext(seed: 0);

    public void TrainAndSave(string modelPath)
    {
        var data = _ml.Data.LoadFromTextFile<House>(
            // MLOPS303: this file exists on one developer's machine only.
            @"C:\Users\alice\Desktop\prices\houses.csv",
            hasHeader: true,
            separatorChar: ',');

        var prep = _ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House.City))
            .Append(_ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms), "CityEncoded"))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Fit(data);
        var prepared = prep.Transform(data);
        var trained = _ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price)).Fit(prepared);

        // MLOPS201: only the trainer is saved; serving would have to redo the preparation by hand.
        _ml.Model.Save(trained, prepared.Schema, modelPath);
    }

    public IEstimator<ITransformer> LogSizeFeatures()
        // MLOPS203: without a contract name, a model with this mapping cannot be saved.
        => _ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = MathF.Log(input.Size), null);

    public IEstimator<ITransformer> CrossValidationPipeline()
        // MLOPS204: the same chain as LegacyPredictor.Featurization: the two copies will drift apart.
        => _ml.Transforms.NormalizeMinMax(nameof(House.Size)).Append(_ml.Transforms.NormalizeMinMax(nameof(House.Age)));
}
