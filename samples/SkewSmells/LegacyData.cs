using Microsoft.ML;
using SkewShared;

namespace SkewSmells;

/// <summary>
/// Data loading and featurization as first written: three ways to read or prepare the house data wrong without an
/// error (MLOPS601-603).
/// </summary>
public sealed class LegacyData
{
    private readonly MLContext _ml = new MLContext(seed: 0);

    public IDataView Load(string folder)
        // MLOPS602: houses.csv is comma-separated, and the loader splits lines on tabs unless told otherwise.
        => _ml.Data.LoadFromTextFile<House>(Path.Combine(folder, "houses.csv"), hasHeader: true);

    public IDataView LoadWithoutGaps(string path)
    {
        // MLOPS603: empty ages are read as 0, so the filter below never sees them.
        var data = _ml.Data.LoadFromTextFile<House>(path, separatorChar: ',', hasHeader: true);
        return _ml.Data.FilterRowsByMissingValues(data, nameof(House.Age));
    }

    public IEstimator<ITransformer> Featurization(bool normalize)
    {
        IEstimator<ITransformer> pipeline = _ml.Transforms.ReplaceMissingValues(nameof(House.Age))
            .Append(_ml.Transforms.Concatenate("Features", nameof(House.Size), nameof(House.Rooms), nameof(House.Age)));
        if (normalize)
        {
            // MLOPS601: Append returns a new chain; this one stays unnormalized.
            pipeline.Append(_ml.Transforms.NormalizeMinMax("Features"));
        }

        return pipeline;
    }
}
