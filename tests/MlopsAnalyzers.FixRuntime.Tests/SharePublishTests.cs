using System.Collections.Generic;
using System.IO;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/SharePublish: a trainer saves the model to a local file and copies it to a share; a scorer in another process
/// loads it from the share. Fixed: MLOPS102 (save + copy becomes register + alias in the share, and the scorer's load of
/// the share's file loads the alias in the same fix).
/// </summary>
public sealed class SharePublishTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "SharePublish",
        Rules = new[] { "MLOPS102" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
        Replacements = folder => new Dictionary<string, string> { ["/srv/share"] = Path.Combine(folder, "share") },
        Prepare = folder => Directory.CreateDirectory(Path.Combine(folder, "share")),
        TakeStore = folder => Stores.TakeFolder(Path.Combine(folder, "share")),
    };

    public SharePublishTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS102");

    /// <summary>The model is registered in the share it was copied to (not under the working directory), and the scorer finds it there.</summary>
    [Fact]
    public void ModelStaysInTheShareAndTheScorerPredictsTheSame()
    {
        AssertSamePredictions();
        Assert.Equal(new[] { "churn-model.zip" }, Trip.Before.Store);
        Assert.Contains(Trip.After.Store, f => f.StartsWith("churn-model/", System.StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Trip.After.WorkingDirectory, ".mlops")), "the fixed app moved the model under its working directory:\n" + Trip.Report());
        Assert.Contains("SetAlias(\"churn-model\", \"production\"", Trip.SourcesAfter["ChurnTrainer.cs"], System.StringComparison.Ordinal);
        Assert.Contains(".Load(ml, \"churn-model\", \"production\", out _)", Trip.SourcesAfter["ChurnScorer.cs"], System.StringComparison.Ordinal);
    }
}
