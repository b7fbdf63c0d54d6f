using System;
using System.Globalization;
using System.IO;
using Microsoft.ML;

namespace ServingModel;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "train")
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Customer.Generate(400));
            var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: nameof(Customer.Churned)));
            var model = pipeline.Fit(data);
            Directory.CreateDirectory("models");
            ml.Model.Save(model, data.Schema, "models/churn-model.zip");
            return 0;
        }

        if (args.Length == 1 && args[0] == "score")
        {
            var service = new ChurnService();
            var customers = Customer.Generate(8);
            var batch = BatchScorer.ScoreAll(customers);
            for (var i = 0; i < customers.Count; i++)
            {
                var one = service.Predict(customers[i]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PREDICTION {customers[i].Tenure:F1} {one.Churn} {one.Probability:F4} {batch[i].Churn} {batch[i].Probability:F4}"));
            }

            return 0;
        }

        Console.Error.WriteLine("usage: ServingModel train|score");
        return 2;
    }
}
