using System.IO;
using System.Threading.Tasks;
using Microsoft.ML;

namespace S3Publish;

/// <summary>The consumer: downloads the model the training job published to the bucket, and scores with it.</summary>
public static class ScoringService
{
    public static async Task<PredictionEngine<Customer, ChurnPrediction>> LoadAsync()
    {
        using var s3 = S3.CreateClient();
        using var response = await s3.GetObjectAsync(S3.Bucket, S3.Prefix + "/churn-model.zip");
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        buffer.Position = 0;

        var ml = new MLContext();
        var model = ml.Model.Load(buffer, out _);
        return ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
    }
}
