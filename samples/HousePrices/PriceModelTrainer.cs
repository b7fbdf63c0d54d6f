using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePrices;

/// <summary>Trains the house-price model, evaluates it on a held-out split and saves it.</summary>
public sealed class PriceModelTrainer
{
    // MLOPS301: no seed, and this context trains: every run gives a different model.
    private readonly MLContext _ml = new MLContext();

    public RegressionMetrics TrainAndSave(string dataPath, string modelPath)
    {
        IDataView data = _ml.Data.LoadFromTextFile<House>(dataPath, hasHeader: true, separatorChar: ',');

        // MLOPS302: the test set is drawn at random, differently on every run.
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);

        var pipeline = _ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House.City))
            .Append(_ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms), nameof(House.Age), "CityEncoded"))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price), maximumNumberOfIterations: 200));

        var model = pipeline.Fit(split.TrainSet);
        var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House.Price));

        // MLOPS104: saved without the input schema, so serving cannot validate its inputs.
        _ml.Model.Save(model, null, modelPath);
        return metrics;
    }
}
