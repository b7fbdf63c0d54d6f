using Amazon;
using Amazon.S3;
using Amazon.S3.Transfer;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnModel;

/// <summary>Trains the churn model and publishes it the way it was done by hand: a file on disk, copied to S3.</summary>
public sealed class ChurnTrainer
{
    // The serving hosts have this folder synced from the bucket by a cron job.
    private const string ModelPath = "/srv/models/churn/churn-model.zip";
    private const string Bucket = "acme-ml-models";

    private readonly MLContext _ml = new MLContext(seed: 42);

    public CalibratedBinaryClassificationMetrics TrainAndPublish(string dataPath)
    {
        IDataView data = _ml.Data.LoadFromTextFile<Customer>(dataPath, hasHeader: true, separatorChar: ',');
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 42);

        var pipeline = _ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(Customer.Contract))
            .Append(_ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls), "ContractEncoded"))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned), maximumNumberOfIterations: 100));

        var model = pipeline.Fit(split.TrainSet);
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(Customer.Churned));

        // MLOPS101: the model is written to a path that exists on one machine only.
        // MLOPS103: nothing records which data, code or metrics this file came from.
        _ml.Model.Save(model, data.Schema, ModelPath);

        using var s3 = new AmazonS3Client(RegionEndpoint.EUWest1);
        using var transfer = new TransferUtility(s3);

        // MLOPS101: the same hard-coded path is what gets uploaded.
        // MLOPS102: the model file is copied to the bucket by hand; nothing says which version serving now runs.
        transfer.Upload(ModelPath, Bucket, "churn/churn-model.zip");
        return metrics;
    }
}
