using System;
using System.Linq;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/SkewModel: a price model saved without its fitted preparation and without its input schema (MLOPS201, 104),
/// read by a scorer that prepares the rows itself; and a size model whose saved pipeline holds a CustomMapping with no
/// contract name (MLOPS203), which cannot be saved before the fix and must save and load back after it.
/// </summary>
public sealed class SkewModelTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "SkewModel",
        Rules = new[] { "MLOPS104", "MLOPS201", "MLOPS203" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
    };

    public SkewModelTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS104", "MLOPS201", "MLOPS203");

    [Fact]
    public void FixedAppBuildsWithWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    /// <summary>The price scorer (which still prepares rows itself) and the in-memory size model predict the same.</summary>
    [Fact]
    public void PredictionsAreTheSame() => AssertSamePredictions();

    /// <summary>Before the fix the size model cannot be saved (no contract name); after it, it saves and loads back and predicts as in memory.</summary>
    [Fact]
    public void SizeModelSavesAndLoadsBackAfterTheFix()
    {
        AssertFixedAppBuildsAndRuns();
        var output = Trip.After.Runs[0].Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var inMemory = output.Where(l => l.StartsWith("PREDICTION size ", StringComparison.Ordinal)).Select(l => l["PREDICTION ".Length..]).ToList();
        var reloaded = output.Where(l => l.StartsWith("RELOADED size ", StringComparison.Ordinal)).Select(l => l["RELOADED ".Length..]).ToList();
        Assert.True(inMemory.Count > 0 && inMemory.SequenceEqual(reloaded), "the fixed size model does not load back the same:\n" + Trip.Report());
        Assert.Contains("RELOAD FAILED", Trip.Before.Runs[0].Output, StringComparison.Ordinal);
    }
}
