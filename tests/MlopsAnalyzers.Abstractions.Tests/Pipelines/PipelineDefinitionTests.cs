using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Pipelines;

namespace MlopsAnalyzers.Abstractions.Tests.Pipelines;

public class PipelineDefinitionTests
{
    private static readonly PipelineDefinition Prices = PipelineDefinition.Create(
        "house-prices",
        ml => ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House.City))
            .Append(ml.Transforms.Concatenate("Features", nameof(House.Size), "CityEncoded"))
            .Append(ml.Transforms.NormalizeMinMax("Features")),
        ml => ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price), maximumNumberOfIterations: 50));

    private static readonly House[] Rows = Enumerable.Range(0, 40)
        .Select(i => new House { Size = 30 + i * 5, City = i % 2 == 0 ? "Lyon" : "Paris", Price = 1000 * (30 + i * 5) + (i % 2 == 0 ? 0 : 50000) })
        .ToArray();

    [Fact]
    public void TheSavedModelIsTheWholeChain_SoServingScoresRawRows()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var model = Prices.Fit(ml, data);

        using var stream = new MemoryStream();
        Prices.Save(ml, model, data, stream);
        stream.Position = 0;

        var serving = new MLContext(seed: 1);
        var loaded = Prices.Load(serving, stream, out var inputSchema);
        Assert.NotNull(inputSchema.GetColumnOrNull(nameof(House.City)));
        var engine = serving.Model.CreatePredictionEngine<House, PricePrediction>(loaded);

        var expected = ml.Model.CreatePredictionEngine<House, PricePrediction>(model).Predict(Rows[3]).Score;
        var actual = engine.Predict(new House { Size = Rows[3].Size, City = Rows[3].City });
        Assert.Equal(expected, actual.Score, 3);
        Assert.True(actual.Score > 0, "a model fitted on positive prices predicts a positive price");
    }

    [Fact]
    public void BuildAppendsTheTrainerAfterTheFeaturization()
    {
        var ml = new MLContext(seed: 1);
        Assert.IsType<EstimatorChain<ITransformer>>(Prices.Build(ml));
        Assert.True(Prices.HasTrainer);

        var data = ml.Data.LoadFromEnumerable(Rows);
        var featurized = Prices.BuildFeaturization(ml).Fit(data).Transform(data);
        Assert.NotNull(featurized.Schema.GetColumnOrNull("Features"));
        Assert.Null(featurized.Schema.GetColumnOrNull("Score"));

        var scored = Prices.Fit(ml, data).Transform(data);
        Assert.NotNull(scored.Schema.GetColumnOrNull("Score"));
    }

    [Fact]
    public void AChainOnlyDefinitionBuildsItsChain()
    {
        var featuresOnly = PipelineDefinition.Create("features", ml => ml.Transforms.Concatenate("Features", nameof(House.Size)));
        Assert.False(featuresOnly.HasTrainer);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var output = featuresOnly.Fit(ml, data).Transform(data);
        Assert.NotNull(output.Schema.GetColumnOrNull("Features"));
        Assert.Equal("features", featuresOnly.ToString());
    }

    [Fact]
    public void SaveRefusesATrainerFittedWithoutItsFeaturization()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var prep = Prices.BuildFeaturization(ml).Fit(data);
        var trainerOnly = ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price), maximumNumberOfIterations: 5).Fit(prep.Transform(data));

        using var stream = new MemoryStream();
        var error = Assert.Throws<InvalidOperationException>(() => Prices.Save(ml, trainerOnly, data, stream));
        Assert.Contains("house-prices", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);

        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        Assert.Throws<InvalidOperationException>(() => Prices.Save(ml, trainerOnly, data, path));
        Assert.False(File.Exists(path), "a refused model leaves no file behind");
    }

    [Fact]
    public void SaveAndLoadThroughAFile()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            Prices.Save(ml, Prices.Fit(ml, data), data, path);
            var loaded = Prices.Load(ml, path, out var schema);
            Assert.NotNull(loaded.GetOutputSchema(schema).GetColumnOrNull("Score"));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<FileNotFoundException>(() => Prices.Load(ml, path, out _));
    }

    [Fact]
    public void LoadRefusesAModelSavedWithoutItsSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        using var stream = new MemoryStream();
        ml.Model.Save(Prices.Fit(ml, data), null, stream);
        stream.Position = 0;
        var error = Assert.Throws<InvalidOperationException>(() => Prices.Load(ml, stream, out _));
        Assert.Contains("input schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadArgumentsGetClearExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => PipelineDefinition.Create(null!, ml => ml.Transforms.CopyColumns("a", "b")));
        Assert.Throws<ArgumentException>(() => PipelineDefinition.Create("  ", ml => ml.Transforms.CopyColumns("a", "b")));
        Assert.Throws<ArgumentNullException>(() => PipelineDefinition.Create("p", null!));
        Assert.Throws<ArgumentNullException>(() => PipelineDefinition.Create("p", ml => ml.Transforms.CopyColumns("a", "b"), null!));
        Assert.Throws<ArgumentNullException>(() => Prices.Build(null!));
        Assert.Throws<ArgumentNullException>(() => Prices.Fit(new MLContext(seed: 1), null!));
        Assert.Throws<ArgumentNullException>(() => Prices.Save(new MLContext(seed: 1), null!, new MLContext(seed: 1).Data.LoadFromEnumerable(Rows), new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => Prices.Save(new MLContext(seed: 1), null!, null!, new MemoryStream()));
        Assert.Throws<ArgumentException>(() => Prices.Save(new MLContext(seed: 1), null!, null!, " "));
        Assert.Throws<ArgumentNullException>(() => Prices.Load(new MLContext(seed: 1), (Stream)null!, out _));
        Assert.Throws<ArgumentNullException>(() => Prices.Load(null!, new MemoryStream(), out _));

        var broken = PipelineDefinition.Create("broken", _ => null!);
        var error = Assert.Throws<InvalidOperationException>(() => broken.Build(new MLContext(seed: 1)));
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);

        var brokenTrainer = PipelineDefinition.Create("no-trainer", ml => ml.Transforms.CopyColumns("a", "b"), _ => null!);
        Assert.Throws<InvalidOperationException>(() => brokenTrainer.Build(new MLContext(seed: 1)));
    }

    public sealed class House
    {
        public float Size { get; set; }

        public string City { get; set; } = "";

        public float Price { get; set; }
    }

    public sealed class PricePrediction
    {
        public float Score { get; set; }
    }
}
