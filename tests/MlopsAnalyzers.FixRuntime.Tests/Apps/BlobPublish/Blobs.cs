using System;
using Azure.Storage.Blobs;

namespace BlobPublish;

/// <summary>The blob the model is published as (container and prefix from the environment).</summary>
public static class Blobs
{
    public static BlobClient ModelBlob()
    {
        var container = Environment.GetEnvironmentVariable("MODEL_CONTAINER") ?? "models";
        var prefix = Environment.GetEnvironmentVariable("MODEL_PREFIX") ?? "churn";
        return new BlobServiceClient(Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING"))
            .GetBlobContainerClient(container)
            .GetBlobClient(prefix + "/churn-model.zip");
    }
}
