using System;
using System.IO;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

[Collection(DefaultTrackerCollection.Name)]
public class DefaultTrackerTests
{
    [Fact]
    public void TheRootComesFromTheEnvironmentVariable()
    {
        var current = Path.GetFullPath("project");
        Assert.Equal(Path.Combine(current, ".mlops", "experiments"), ExperimentTracker.ResolveDefaultRoot(null, current));
        Assert.Equal(Path.Combine(current, ".mlops", "experiments"), ExperimentTracker.ResolveDefaultRoot("  ", current));
        Assert.Equal(Path.Combine(current, "runs"), ExperimentTracker.ResolveDefaultRoot("runs", current));
        var absolute = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "shared-runs"));
        Assert.Equal(absolute, ExperimentTracker.ResolveDefaultRoot(absolute, current));
    }

    [Fact]
    public void DefaultIsAFileTrackerInTheConfiguredFolder_AndCanBeReplaced()
    {
        using var folder = new TempFolder();
        var previous = Environment.GetEnvironmentVariable(ExperimentTracker.RootVariable);
        Environment.SetEnvironmentVariable(ExperimentTracker.RootVariable, folder.Path);
        try
        {
            ExperimentTracker.ResetDefault();
            var tracker = Assert.IsType<FileExperimentTracker>(ExperimentTracker.Default);
            Assert.Equal(Path.GetFullPath(folder.Path), tracker.RootDirectory);
            Assert.Same(tracker, ExperimentTracker.Default);

            ExperimentTracker.Default.RecordEvaluation("defaults", MetricsFactory.Regression());
            Assert.True(File.Exists(Path.Combine(folder.Path, "defaults.jsonl")));

            var replacement = new FileExperimentTracker(Path.Combine(folder.Path, "other"));
            ExperimentTracker.Default = replacement;
            Assert.Same(replacement, ExperimentTracker.Default);
            Assert.Throws<ArgumentNullException>(() => ExperimentTracker.Default = null!);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ExperimentTracker.RootVariable, previous);
            ExperimentTracker.ResetDefault();
        }
    }
}

/// <summary>Tests that change the process-wide default tracker or its environment variable run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultTrackerCollection
{
    public const string Name = "Default experiment tracker";
}
