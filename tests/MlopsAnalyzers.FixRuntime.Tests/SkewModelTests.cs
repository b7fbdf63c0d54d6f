using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/SkewModel: a price model saved without its fitted preparation and without its input schema (MLOPS201, 104),
/// read by a scorer that prepares the rows itself; and a size model whose saved pipeline holds a CustomMapping with no
/// contract name (MLOPS203), which cannot be saved before the fix and must save and load back after it. The price data
/// is read from a home folder's Downloads (MLOPS303), and after the fix from the data root in MLOPS_DATA_ROOT.
/// </summary>
public sealed class SkewModelTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "SkewModel",
        Rules = new[] { "MLOPS104", "MLOPS201", "MLOPS203", "MLOPS303" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },

        // The training data where MLOPS303 finds it, in a developer's download folder, and where its fix reads it: the
        // data root in MLOPS_DATA_ROOT (set for both runs, as a deployment would).
        Replacements = folder => new Dictionary<string, string> { ["/home/dev"] = HomeFolder(folder) },
        Environment = folder => new Dictionary<string, string> { ["MLOPS_DATA_ROOT"] = Path.Combine(folder, "data") },
        Prepare = folder =>
        {
            var data = Path.Combine(folder, "app", "houses.csv");
            Directory.CreateDirectory(Path.Combine(HomeFolder(folder), "Downloads"));
            File.Copy(data, Path.Combine(HomeFolder(folder), "Downloads", "houses.csv"), overwrite: true);
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            File.Copy(data, Path.Combine(folder, "data", "houses.csv"), overwrite: true);
            RoundTrip.Track(HomeFolder(folder));
        },
    };

    private static string HomeFolder(string folder) => "/home/" + Path.GetFileName(folder);

    public SkewModelTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS104", "MLOPS201", "MLOPS203", "MLOPS303");

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
