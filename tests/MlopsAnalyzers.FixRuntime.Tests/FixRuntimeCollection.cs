using System.Linq;
using System;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// The round-trip tests run one after another (each builds with the dotnet CLI, which uses both cores) and share the
/// storage servers of the run: Azurite and s3rver on 127.0.0.1, whose settings the apps inherit through the environment.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FixRuntimeCollection : ICollectionFixture<StoreServers>, ICollectionFixture<RoundTripFolders>
{
    public const string Name = "FixRuntime";
}

/// <summary>Deletes the round trips' temporary folders at the end of the run (kept when MLOPS_KEEP_FIX_RUNTIME=1, to look at the fixed apps).</summary>
public sealed class RoundTripFolders : IDisposable
{
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("MLOPS_KEEP_FIX_RUNTIME") != "1")
        {
            RoundTrip.DeleteAll();
        }
    }
}

/// <summary>The base of the round-trip tests: the assertions every app shares.</summary>
[Collection(FixRuntimeCollection.Name)]
[Trait("Category", "FixRuntime")]
public abstract class RoundTripTests
{
    protected RoundTripTests(StoreServers servers)
    {
        Servers = servers;
    }

    protected StoreServers Servers { get; }

    protected abstract RoundTrip Trip { get; }

    /// <summary>The app built with compiler warnings as errors and ran without failing before the fixes (else the round trip proves nothing).</summary>
    protected void AssertRanBeforeTheFixes()
    {
        Assert.True(Trip.Before.Build.ExitCode == 0, "the app does not build before the fixes:\n" + Trip.Report());
        Assert.True(Trip.Before.Runs.Count == Trip.Spec.Runs.Length && Trip.Before.Runs.All(r => r.ExitCode == 0), "the app fails before the fixes:\n" + Trip.Report());
        Assert.True(RoundTrip.Predictions(Trip.Before).Count > 0, "the app predicted nothing before the fixes:\n" + Trip.Report());
    }

    /// <summary>Each listed rule was reported before the fixes and none of its diagnostics is left after them (every occurrence in the apps has a fix), and the fixes changed the code.</summary>
    protected void AssertFixesRemoved(params string[] rules)
    {
        AssertRanBeforeTheFixes();
        Assert.True(Trip.Format!.ExitCode == 0, "dotnet format failed:\n" + Trip.Report());
        Assert.True(Trip.SourcesAfter.Any(s => Trip.SourcesBefore[s.Key] != s.Value), "dotnet format changed nothing:\n" + Trip.Report());
        Assert.True(Trip.After.Build.ExitCode == 0, "the fixed app does not build:\n" + Trip.Report());
        foreach (var rule in rules)
        {
            Assert.Contains(rule, Trip.Spec.Rules);
            var before = Trip.Before.WarningCount(rule);
            Assert.True(before > 0, $"{rule} is not reported on the app before the fixes:\n" + Trip.Report());
            var after = Trip.After.WarningCount(rule);
            Assert.True(after == 0, $"{rule}: {before} diagnostics before the fixes, {after} left after them:\n" + Trip.Report());
        }
    }

    /// <summary>The fixed app builds with compiler warnings (nullable ones included) as errors, and its runs succeed.</summary>
    protected void AssertFixedAppBuildsAndRuns()
    {
        AssertRanBeforeTheFixes();
        Assert.True(Trip.After.Build.ExitCode == 0, "the fixed app does not build with warnings as errors:\n" + Trip.Report());
        Assert.True(Trip.After.Runs.Count == Trip.Spec.Runs.Length && Trip.After.Runs.All(r => r.ExitCode == 0), "the fixed app fails at run time:\n" + Trip.Report());
        Assert.DoesNotContain(Trip.After.Runs, r => r.Output.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    /// <summary>The consumer of the fixed app found the model and predicts what it predicted before the fixes.</summary>
    /// <param name="tolerance">How far a printed probability may move (0: identical output), for fixes that refit the same model on rescaled features.</param>
    protected void AssertSamePredictions(double tolerance = 0)
    {
        AssertFixedAppBuildsAndRuns();
        var before = RoundTrip.Predictions(Trip.Before);
        var after = RoundTrip.Predictions(Trip.After);
        Assert.True(before.Count == after.Count, $"{before.Count} predictions before the fixes, {after.Count} after:\n" + Trip.Report());
        for (var i = 0; i < before.Count; i++)
        {
            if (tolerance == 0)
            {
                Assert.True(before[i] == after[i], $"prediction {i} was '{before[i]}' before the fixes, '{after[i]}' after:\n" + Trip.Report());
                continue;
            }

            var old = before[i].Split(' ');
            var now = after[i].Split(' ');
            Assert.True(old.Length == now.Length && old.Take(old.Length - 1).SequenceEqual(now.Take(now.Length - 1)), $"prediction {i} was '{before[i]}' before the fixes, '{after[i]}' after:\n" + Trip.Report());
            var difference = Math.Abs(double.Parse(old[^1], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(now[^1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(difference <= tolerance, $"prediction {i} was '{before[i]}' before the fixes, '{after[i]}' after (more than {tolerance} apart):\n" + Trip.Report());
        }
    }
}
