using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace SharePublish;

public static class ChurnTrainer
{
    public static void Train()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Customer.Generate(400));
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Customer.Churned),
            NumberOfThreads = 1,
        });
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(trainer);
        var model = pipeline.Fit(data);

        Directory.CreateDirectory("out");
        ml.Model.Save(model, data.Schema, "out/churn-model.zip");

        // Publish: the scorers read the model from the share.
        File.Copy("out/churn-model.zip", "/srv/share/churn-model.zip", overwrite: true);
        Console.WriteLine("Published the model");
    }
}
