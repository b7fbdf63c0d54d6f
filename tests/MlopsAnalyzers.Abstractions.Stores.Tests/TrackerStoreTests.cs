using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions.Tests.Registry;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>
/// The tracker on Azurite and s3rver: writers in several processes, a writer killed while it appends, and reads that
/// use the summary object. Runs are create-only objects with unique keys, so they need no conditional-write guarantee.
/// </summary>
[Collection(StoresCollection.Name)]
[Trait("Category", "Stores")]
public sealed class TrackerStoreTests : StoreTests
{
    public TrackerStoreTests(StoreServers servers)
        : base(servers)
    {
    }

    [Theory]
    [InlineData("azure")]
    [InlineData("s3")]
    public async Task RunsFromSeveralProcessesAreAllListedAndTheSummaryIsUsed(string store)
    {
        var root = Root(store);
        const int processes = 3;
        const int perProcess = 25;
        var writers = Enumerable.Range(0, processes).Select(i => Appender(root, "w" + i, perProcess)).ToList();
        foreach (var writer in writers)
        {
            writer.WaitForExit(TimeSpan.FromSeconds(120));
        }

        var tracker = Assert.IsType<ObjectStoreExperimentTracker>(ExperimentTracker.Open(root));
        var runs = tracker.ListRuns("shared");
        Assert.Equal(processes * perProcess, runs.Count);
        for (var i = 0; i < processes; i++)
        {
            Assert.Equal(Enumerable.Range(0, perProcess).Select(n => n.ToString(CultureInfo.InvariantCulture)), runs.Where(r => r.Parameters["writer"] == "w" + i).Select(r => r.Parameters["index"]));
        }

        Assert.Contains("shared/" + ObjectStoreExperimentTracker.SummaryName, await tracker.Store.ListAsync("shared/", default));
        Assert.Equal(runs.Select(r => r.RunId), ExperimentTracker.Open(root).ListRuns("shared").Select(r => r.RunId));
        Assert.Equal(perProcess - 1, tracker.GetBestRun("shared", "value", MetricGoal.Maximize)!.Metrics["value"]);
        Assert.Equal(new[] { "shared" }, tracker.ListExperiments());
    }

    [Theory]
    [InlineData("azure")]
    [InlineData("s3")]
    public void AWriterKilledWhileAppendingLeavesWholeRunsOnly(string store)
    {
        var root = Root(store);
        var writer = Appender(root, "killed", 0);
        writer.WaitForOutputLines(5, TimeSpan.FromSeconds(120));
        writer.Kill();

        var tracker = Assert.IsType<ObjectStoreExperimentTracker>(ExperimentTracker.Open(root));
        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var runs = tracker.ListRuns("shared");

        Assert.True(runs.Count >= 5, $"{runs.Count} runs");
        // Azure Storage, Azurite and Amazon S3 publish an upload whole. s3rver writes the object as the body arrives, so
        // a writer killed mid-upload can leave its last run empty or cut short: skipped and reported, like a torn line.
        if (store == "azure")
        {
            Assert.True(warnings.Count == 0, string.Join("\n", warnings));
        }
        else
        {
            Assert.True(warnings.Count <= 1 && warnings.All(w => w.Message.Contains("not a readable run", StringComparison.Ordinal)), string.Join("\n", warnings));
        }

        Assert.Equal(Enumerable.Range(0, runs.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), runs.Select(r => r.Parameters["index"]));
        tracker.StartRun("shared").End();
        Assert.Equal(runs.Count + 1, tracker.ListRuns("shared").Count);
    }

    private string Root(string store) => store == "azure" ? Servers.NewAzureRoot() : Servers.NewS3Root();

    private static WriterProcess Appender(string root, string writer, int count)
        => WriterProcess.Start(typeof(Program).Assembly.Location, "append", root, "shared", writer, count.ToString(CultureInfo.InvariantCulture));
}
