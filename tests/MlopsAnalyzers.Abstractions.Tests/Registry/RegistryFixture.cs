using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>A small real ML.NET regression model and a fresh registry folder per test.</summary>
public sealed class TempRegistry : IDisposable
{
    public TempRegistry()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-registry-tests-" + Guid.NewGuid().ToString("N"));
        Registry = new FileModelRegistry(Root);
    }

    public string Root { get; }

    public FileModelRegistry Registry { get; }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}

public sealed class HouseRow
{
    public float Size { get; set; }

    public float Rooms { get; set; }

    public float Price { get; set; }
}

/// <summary>What serving feeds the model: no label.</summary>
public sealed class HouseInput
{
    public float Size { get; set; }

    public float Rooms { get; set; }
}

public sealed class PriceOutput
{
    [ColumnName("Score")]
    public float Price { get; set; }
}

public static class Models
{
    public static readonly HouseInput[] Probes =
    {
        new() { Size = 50, Rooms = 2 },
        new() { Size = 120, Rooms = 5 },
        new() { Size = 80, Rooms = 3 },
    };

    private static readonly Lazy<(ITransformer Model, IDataView Data)> Trained = new(() =>
    {
        var (_, model, data) = Fit(1);
        return (model, data);
    });

    /// <summary>
    /// A normalize + SDCA regression fitted once on synthetic houses, with its training data and a fresh context for
    /// the caller (ML.NET contexts are not shared between threads).
    /// </summary>
    public static (MLContext Ml, ITransformer Model, IDataView Data) Train() => (new MLContext(seed: 1), Trained.Value.Model, Trained.Value.Data);

    /// <summary>Fits a new model.</summary>
    public static (MLContext Ml, ITransformer Model, IDataView Data) Fit(int seed)
    {
        var ml = new MLContext(seed);
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var size = (float)(30 + (random.NextDouble() * 120));
            var rooms = (float)random.Next(1, 7);
            return new HouseRow { Size = size, Rooms = rooms, Price = (size * 3000) + (rooms * 10000) + (float)(random.NextDouble() * 5000) };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(HouseRow.Size), nameof(HouseRow.Rooms))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(HouseRow.Price), maximumNumberOfIterations: 50));
        return (ml, pipeline.Fit(data), data);
    }

    /// <summary>Saves the trained model as <c>trained.zip</c> in <paramref name="folder"/> (created) for writer processes to load.</summary>
    public static string SaveTrained(string folder)
    {
        Directory.CreateDirectory(folder);
        var (ml, model, data) = Train();
        var path = Path.Combine(folder, "trained.zip");
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    public static IReadOnlyList<float> Predict(MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<HouseInput, PriceOutput>(model);
        return Probes.Select(p => engine.Predict(p).Price).ToList();
    }
}
