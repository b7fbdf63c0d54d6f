using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/FolderModel: a trainer saves to a model folder (an absolute path), a scorer in another process loads it from
/// there. Fixed: MLOPS101 (save and load), 103, 301, 401, 403, 405.
/// </summary>
public sealed class FolderModelTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "FolderModel",
        Rules = new[] { "MLOPS101", "MLOPS103", "MLOPS301", "MLOPS401", "MLOPS403", "MLOPS405" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
        Replacements = folder => new Dictionary<string, string> { ["/srv/models"] = Path.Combine(folder, "models") },
        Prepare = folder => Directory.CreateDirectory(Path.Combine(folder, "models")),
        TakeStore = folder => Stores.TakeFolder(Path.Combine(folder, "models")),
    };

    public FolderModelTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS101", "MLOPS103", "MLOPS301", "MLOPS401", "MLOPS403", "MLOPS405");


    [Fact]
    public void FixedAppBuildsWithWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    /// <summary>MLOPS405 inserts a normalization before an unregularized logistic regression: the same model up to the optimizer's tolerance.</summary>
    [Fact]
    public void ScorerPredictsTheSame() => AssertSamePredictions(tolerance: 0.002);

    /// <summary>The model is registered in the folder it was saved to, not in a registry under the working directory.</summary>
    [Fact]
    public void ModelStaysInItsFolder()
    {
        AssertFixedAppBuildsAndRuns();
        Assert.Contains("churn-model.zip", Trip.Before.Store);
        Assert.True(Trip.After.Store.Count > 0, "the fixed app wrote nothing to the model folder:\n" + Trip.Report());
        Assert.False(Directory.Exists(Path.Combine(Trip.After.WorkingDirectory, ".mlops", "registry")), "the fixed app moved the model to a registry under its working directory:\n" + Trip.Report());
    }
}

/// <summary>What a store holds, taken (listed, then emptied) between the phases of a round trip.</summary>
public static class Stores
{
    /// <summary>The keys under <paramref name="prefix"/> in the bucket of the s3rver of the run (relative to the prefix), deleted.</summary>
    public static IReadOnlyList<string> TakeS3(StoreServers servers, string prefix)
    {
        using var client = new Amazon.S3.AmazonS3Client(new Amazon.S3.AmazonS3Config { ServiceURL = servers.S3Endpoint, ForcePathStyle = true });
        var keys = client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = StoreServers.Bucket, Prefix = prefix + "/" }).GetAwaiter().GetResult().S3Objects?.Select(o => o.Key).ToList() ?? new List<string>();
        foreach (var key in keys)
        {
            client.DeleteObjectAsync(StoreServers.Bucket, key).GetAwaiter().GetResult();
        }

        return keys.Select(k => k[(prefix.Length + 1)..]).OrderBy(k => k, System.StringComparer.Ordinal).ToList();
    }

    /// <summary>The blobs under <paramref name="prefix"/> in the container of the Azurite of the run (relative to the prefix), deleted.</summary>
    public static IReadOnlyList<string> TakeBlobs(string prefix)
    {
        var container = new Azure.Storage.Blobs.BlobServiceClient(System.Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING")).GetBlobContainerClient(StoreServers.Container);
        var names = container.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix + "/", default).Select(b => b.Name).ToList();
        foreach (var name in names)
        {
            container.DeleteBlob(name);
        }

        return names.Select(n => n[(prefix.Length + 1)..]).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> TakeFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new List<string>();
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).OrderBy(f => f, System.StringComparer.Ordinal).ToList();
        Directory.Delete(folder, recursive: true);
        return files;
    }
}
