using System.IO;
using Microsoft.ML;

namespace ScoringJob;

public static class Trainer
{
    public const string ModelFile = "models/churn-model.zip";

    public static void Train()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Customer.Generate(400));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: nameof(Customer.Churned)));
        var model = pipeline.Fit(data);
        Directory.CreateDirectory("models");
        ml.Model.Save(model, data.Schema, ModelFile);
    }
}
