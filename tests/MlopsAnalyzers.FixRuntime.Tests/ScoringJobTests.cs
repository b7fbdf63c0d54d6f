using System.Collections.Generic;
using System.IO;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/ScoringJob: a trainer saves <c>models/churn-model.zip</c>; a batch scoring job in another process loads that
/// file through the same constant, scores, and copies the model to an audit share. Fixed: MLOPS101, 102, 103. On
/// main the save becomes a registration while the scoring job still loads the old file (producer renamed, consumer
/// not), and the audit copy becomes "promote latest to production" (issue 14).
/// </summary>
public sealed class ScoringJobTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "ScoringJob",
        Rules = new[] { "MLOPS101", "MLOPS102", "MLOPS103" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
        Replacements = folder => new Dictionary<string, string> { ["/srv/audit"] = Path.Combine(folder, "audit") },
        Prepare = folder => Directory.CreateDirectory(Path.Combine(folder, "audit")),
        TakeStore = folder => Stores.TakeFolder(Path.Combine(folder, "audit")),
    };

    public ScoringJobTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void AppRunsBeforeTheFixes()
    {
        AssertRanBeforeTheFixes();
        Assert.Equal(new[] { "churn-model.zip" }, Trip.Before.Store);
    }

    /// <summary>The scoring job loads what the trainer now registers: producer and consumer changed together.</summary>
    [Fact]
    public void ScoringJobStillFindsTheModelAndPredictsTheSame() => AssertSamePredictions();

    /// <summary>The audit copy is kept (or not rewritten): the auditors still get the model file, and no alias is moved.</summary>
    [Fact]
    public void AuditCopyIsKept()
    {
        AssertFixedAppBuildsAndRuns();
        Assert.Equal(new[] { "churn-model.zip" }, Trip.After.Store);
        Assert.DoesNotContain(Trip.SourcesAfter["BatchScoring.cs"].Split('\n'), l => l.Contains("SetAlias", System.StringComparison.Ordinal));
    }
}
