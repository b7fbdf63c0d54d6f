using System;
using Amazon.Runtime;
using Amazon.S3;

namespace S3Publish;

/// <summary>The bucket the models go to, and a client for it (an S3-compatible endpoint when AWS_ENDPOINT_URL_S3 is set).</summary>
public static class S3
{
    public static string Bucket => Environment.GetEnvironmentVariable("MODEL_BUCKET") ?? "models";

    public static string Prefix => Environment.GetEnvironmentVariable("MODEL_PREFIX") ?? "churn";

    public static AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config();
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;

            // S3-compatible servers: no trailing checksums on plain HTTP.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(config);
    }
}
