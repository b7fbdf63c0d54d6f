using System.Collections.Generic;
using System.IO;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/BlobPublish: a trainer saves the model, a publisher in another class uploads the file with
/// <c>BlobClient.Upload</c> to the container a scoring service downloads it from (Azurite). Fixed: MLOPS102 alone, the
/// warning the build shows. On main the upload became <c>SetAlias</c> for a model nothing registers:
/// <c>ModelNotFoundException</c> at run time, and the model no longer reached the container. Now the fix is not offered:
/// the publisher does not save the model it uploads (publish, not promote), and the scoring service downloads the blob.
/// </summary>
public sealed class BlobPublishTests : RoundTripTests
{
    public BlobPublishTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(new AppSpec
    {
        Name = "BlobPublish",
        Rules = new[] { "MLOPS102" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
        Environment = folder => new Dictionary<string, string> { ["MODEL_CONTAINER"] = StoreServers.Container, ["MODEL_PREFIX"] = Path.GetFileName(folder) },
        TakeStore = folder => Stores.TakeBlobs(Path.GetFileName(folder)),
    });

    [Fact]
    public void AppRunsBeforeTheFixes()
    {
        AssertRanBeforeTheFixes();
        Assert.Equal(new[] { "churn-model.zip" }, Trip.Before.Store);
    }

    [Fact]
    public void FixedAppBuildsWithWarningsAsErrorsAndRunsWithoutModelNotFound() => AssertFixedAppBuildsAndRuns();

    /// <summary>The upload is kept: no alias is moved for a model the method does not save.</summary>
    [Fact]
    public void UploadIsKept()
    {
        AssertFixedAppBuildsAndRuns();
        Assert.Contains("blob.Upload(", Trip.SourcesAfter["Publisher.cs"], System.StringComparison.Ordinal);
        Assert.DoesNotContain("SetAlias", Trip.SourcesAfter["Publisher.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void ModelStillReachesTheContainer()
    {
        AssertFixedAppBuildsAndRuns();
        Assert.True(Trip.After.Store.Count > 0, "the fixed app put nothing in the container:\n" + Trip.Report());
    }

    [Fact]
    public void ConsumerFindsTheModelAndPredictsTheSame() => AssertSamePredictions();
}
