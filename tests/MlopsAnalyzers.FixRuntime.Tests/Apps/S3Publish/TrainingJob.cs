using System;
using System.IO;
using System.Threading.Tasks;
using Amazon.S3.Model;
using Microsoft.ML;

namespace S3Publish;

public static class TrainingJob
{
    public static async Task RunAsync()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Customer.Generate(400));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: nameof(Customer.Churned)));
        var model = pipeline.Fit(data);

        Directory.CreateDirectory("out");
        ml.Model.Save(model, data.Schema, "out/churn-model.zip");

        using var s3 = S3.CreateClient();
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = S3.Bucket,
            Key = S3.Prefix + "/churn-model.zip",
            FilePath = "out/churn-model.zip",
            UseChunkEncoding = false,
        });
        Console.WriteLine("Uploaded the model");
    }
}
