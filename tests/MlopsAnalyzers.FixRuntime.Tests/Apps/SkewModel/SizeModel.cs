using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace SkewModel;

/// <summary>The size model: a CustomMapping in the saved pipeline, the model saved and loaded back.</summary>
public static class SizeModel
{
    public static IEnumerable<string> TrainSaveAndReload()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(House.Generate(300));
        var pipeline = ml.Transforms.CustomMapping<House, SizeFeatures>((house, features) => features.SizePerRoom = house.Size / house.Rooms, null)
            .Append(ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(SizeFeatures.SizePerRoom)))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options { LabelColumnName = nameof(House.Price), NumberOfThreads = 1 }));
        var model = pipeline.Fit(data);
        var lines = new List<string>();
        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
        foreach (var house in House.Generate(6))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"PREDICTION size {house.Size:F1} {engine.Predict(house).Price:F3}"));
        }

        Directory.CreateDirectory("models");
        try
        {
            ml.Model.Save(model, data.Schema, "models/size-model.zip");
            var reader = new MLContext();
            reader.ComponentCatalog.RegisterAssembly(typeof(SizeModel).Assembly);
            var loaded = reader.Model.CreatePredictionEngine<House, PricePrediction>(reader.Model.Load("models/size-model.zip", out _));
            foreach (var house in House.Generate(6))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"RELOADED size {house.Size:F1} {loaded.Predict(house).Price:F3}"));
            }
        }
        catch (InvalidOperationException e)
        {
            lines.Add("RELOAD FAILED " + e.Message);
        }

        return lines;
    }
}
