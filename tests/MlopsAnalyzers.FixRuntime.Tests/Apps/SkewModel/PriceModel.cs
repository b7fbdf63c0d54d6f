using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace SkewModel;

/// <summary>The price model: features prepared by a transformer fitted apart, the model saved without it.</summary>
public static class PriceModel
{
    public static void Train()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<House>("/home/dev/Downloads/houses.csv", separatorChar: ',', hasHeader: true);
        var prep = ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms)).Fit(data);
        var prepared = prep.Transform(data);
        var model = ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options { LabelColumnName = nameof(House.Price), NumberOfThreads = 1 }).Fit(prepared);
        Directory.CreateDirectory("models");
        ml.Model.Save(model, null, "models/price-model.zip");
    }

    /// <summary>The consumer: prepares the rows as training did, then applies the saved model.</summary>
    public static IEnumerable<string> Score()
    {
        var ml = new MLContext();
        var prep = ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms)).Fit(ml.Data.LoadFromEnumerable(new List<House>()));
        var model = ml.Model.Load("models/price-model.zip", out _);
        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(prep.Append(model));
        foreach (var house in House.Generate(6))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"PREDICTION price {house.Size:F1} {engine.Predict(house).Price:F3}");
        }
    }
}
