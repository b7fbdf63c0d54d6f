using Microsoft.ML;

namespace TrainingApp;

/// <summary>Trains a price model and writes it to a stream; the language-server test opens this file.</summary>
public sealed class Trainer
{
    private readonly MLContext _ml = new MLContext();

    public ITransformer Train(IDataView data, Stream destination)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = _ml.Transforms.Concatenate("Features", nameof(House.Size))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price)));
        var model = pipeline.Fit(split.TrainSet);
        _ml.Model.Save(model, null, destination);
        return model;
    }
}
