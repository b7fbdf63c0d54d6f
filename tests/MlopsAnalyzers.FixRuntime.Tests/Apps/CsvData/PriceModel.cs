using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace CsvData;

/// <summary>Reads the listings, drops the rows with a mistyped price, fills the missing sizes and rooms, trains and predicts.</summary>
public static class PriceModel
{
    private const string DataPath = "/srv/data/houses.csv";

    public static IEnumerable<string> Run()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<House>(DataPath);

        yield return "READ " + data.GetColumn<float>(nameof(House.Price)).Count();
        data = Listings.WithoutTypos(ml, data);

        var houses = ml.Data.CreateEnumerable<House>(data, reuseRowObject: false).ToList();
        yield return "ROWS " + houses.Count;
        yield return "MISSING Size " + houses.Count(h => float.IsNaN(h.Size));
        yield return "MISSING Rooms " + houses.Count(h => float.IsNaN(h.Rooms));

        var pipeline = ml.Transforms.ReplaceMissingValues(
                new[] { new InputOutputColumnPair(nameof(House.Size)), new InputOutputColumnPair(nameof(House.Rooms)) },
                MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms)))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options { LabelColumnName = nameof(House.Price), NumberOfThreads = 1 }));
        var model = pipeline.Fit(data);

        // The values the model was trained on where the file has none.
        var filled = model.Transform(data).GetColumn<float>(nameof(House.Size)).ToList();
        foreach (var size in houses.Select((h, i) => (h.Size, Filled: filled[i])).Where(p => float.IsNaN(p.Size)).Select(p => p.Filled).Distinct())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"FILLED Size {size:F3}");
        }

        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
        foreach (var house in new[] { new House { Size = 70, Rooms = 2 }, new House { Size = 100, Rooms = 3 }, new House { Size = 150, Rooms = 4 } })
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"PREDICTION {house.Size:F0} {house.Rooms:F0} {engine.Predict(house).Price:F3}");
        }
    }
}
