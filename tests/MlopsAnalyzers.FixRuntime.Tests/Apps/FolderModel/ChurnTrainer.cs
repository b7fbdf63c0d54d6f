using System;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace FolderModel;

public static class ChurnTrainer
{
    private const string ModelPath = "/srv/models/churn-model.zip";

    public static void Train()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Customer.Generate(400));
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 7);

        // Unregularized and single-threaded: the fitted model does not depend on the context's seed or on the features' scale.
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Customer.Churned),
            L1Regularization = 0,
            L2Regularization = 0,
            NumberOfThreads = 1,
        });
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
            .Append(trainer);
        var model = pipeline.Fit(split.TrainSet);

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet), labelColumnName: nameof(Customer.Churned));
        Console.WriteLine($"Accuracy {metrics.Accuracy:F3}");

        ml.Model.Save(model, split.TrainSet.Schema, ModelPath);
        Console.WriteLine("Saved the model");
    }
}
