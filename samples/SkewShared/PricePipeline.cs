using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Pipelines;

namespace SkewShared;

/// <summary>
/// The house-price pipeline, defined once. Training fits and saves the whole chain through it; serving loads that
/// chain through it. Neither side writes the featurization itself, so they cannot drift apart.
/// </summary>
public static class PricePipeline
{
    public static readonly PipelineDefinition Definition = PipelineDefinition.Create(
        "house-prices",
        featurization: ml => ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House.City))
            .Append(ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms), nameof(House.Age), "CityEncoded"))
            .Append(ml.Transforms.NormalizeMinMax("Features")),
        trainer: ml => ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price), maximumNumberOfIterations: 200));
}
