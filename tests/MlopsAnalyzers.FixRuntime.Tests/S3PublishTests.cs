using System.Collections.Generic;
using System.IO;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/S3Publish: a training job saves the model and uploads the file with an awaited <c>PutObjectAsync</c> (the issue saw it with <c>TransferUtility</c>, whose chunk-signed bodies s3rver cannot read over plain HTTP; MLOPS102 treats both alike)
/// to the bucket a scoring service downloads it from (s3rver). On main the upload became <c>SetAlias</c> and the save a
/// registration under the working folder: the model no longer reached the bucket, the consumer found nothing, and the
/// async method was left without an await (CS1998). Now neither MLOPS102 nor MLOPS103 has a fix here: the bucket and
/// key come from the environment, and the scoring service reads the object with <c>GetObjectAsync</c>, a reader the
/// fixes cannot rewrite, so publishing through a registry would leave it without its model.
/// </summary>
public sealed class S3PublishTests : RoundTripTests
{
    public S3PublishTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(new AppSpec
    {
        Name = "S3Publish",
        Rules = new[] { "MLOPS102", "MLOPS103" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
        Environment = folder => new Dictionary<string, string> { ["MODEL_BUCKET"] = StoreServers.Bucket, ["MODEL_PREFIX"] = Path.GetFileName(folder) },
        TakeStore = folder => Stores.TakeS3(Servers, Path.GetFileName(folder)),
    });

    [Fact]
    public void AppRunsBeforeTheFixes()
    {
        AssertRanBeforeTheFixes();
        Assert.Equal(new[] { "churn-model.zip" }, Trip.Before.Store);
    }

    /// <summary>Both rules are reported and no fix is offered: dotnet format leaves the code as it was.</summary>
    [Fact]
    public void NoFixIsOfferedForAnUploadWhoseReaderCannotBeRewritten()
    {
        AssertRanBeforeTheFixes();
        Assert.True(Trip.Format!.ExitCode == 0, "dotnet format failed:\n" + Trip.Report());
        Assert.Equal(Trip.SourcesBefore, Trip.SourcesAfter);
        Assert.True(Trip.Before.WarningCount("MLOPS102") > 0 && Trip.Before.WarningCount("MLOPS103") > 0, "the rules are not reported on the app:\n" + Trip.Report());
    }

    [Fact]
    public void FixedAppBuildsWithWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    /// <summary>The model still reaches the bucket the service reads (registered there), not a folder under the working directory.</summary>
    [Fact]
    public void ModelStillReachesTheBucket()
    {
        AssertFixedAppBuildsAndRuns();
        Assert.True(Trip.After.Store.Count > 0, "the fixed app put nothing in the bucket:\n" + Trip.Report());
        Assert.False(Directory.Exists(Path.Combine(Trip.After.WorkingDirectory, ".mlops")), "the fixed app moved the model to a folder under its working directory:\n" + Trip.Report());
    }

    [Fact]
    public void ConsumerFindsTheModelAndPredictsTheSame() => AssertSamePredictions();
}
