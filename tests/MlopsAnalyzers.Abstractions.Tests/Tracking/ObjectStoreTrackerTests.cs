using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions.Tests.Registry;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

/// <summary>The object-store tracker's logic on an in-memory store (the real servers are in MlopsAnalyzers.Abstractions.Stores.Tests).</summary>
public class ObjectStoreTrackerTests
{
    [Fact]
    public void RunsRoundTripInOrderAndTheBestRunIsFound()
    {
        var tracker = new ObjectStoreExperimentTracker(new MemoryObjectStore());
        var first = tracker.StartRun("prices").LogParameter("trainer", "Sdca").LogMetric("RSquared", 0.7).End();
        var second = tracker.StartRun("prices").LogMetric("RSquared", 0.9).LinkModel("house", 2, "staging").End();
        tracker.StartRun("other").LogMetric("RSquared", double.NaN).End();

        var runs = tracker.ListRuns("prices");

        Assert.Equal(new[] { first.RunId, second.RunId }, runs.Select(r => r.RunId));
        Assert.Equal("Sdca", runs[0].Parameters["trainer"]);
        Assert.Equal(new ModelVersionLink("house", 2, "staging"), runs[1].Model);
        Assert.Equal(second.RunId, tracker.GetBestRun("prices", "RSquared", MetricGoal.Maximize)!.RunId);
        Assert.Equal(new[] { "other", "prices" }, tracker.ListExperiments());
        Assert.True(double.IsNaN(tracker.ListRuns("other").Single().Metrics["RSquared"]));
        Assert.Empty(tracker.ListRuns("none"));
    }

    [Fact]
    public void ReadsUseTheSummaryInsteadOfDownloadingEveryRun()
    {
        var store = new MemoryObjectStore();
        var tracker = new ObjectStoreExperimentTracker(store);
        for (var i = 0; i < 120; i++)
        {
            tracker.StartRun("many").LogMetric("value", i).End();
        }

        var before = store.Reads;
        Assert.Equal(120, tracker.ListRuns("many").Count);
        Assert.Equal(1 + 120, store.Reads - before);
        Assert.Contains("many/" + ObjectStoreExperimentTracker.SummaryName, store.Keys);

        before = store.Reads;
        var again = tracker.ListRuns("many");
        Assert.Equal(1, store.Reads - before);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (double)i), again.Select(r => r.Metrics["value"]));

        var late = tracker.StartRun("many").LogMetric("value", 1000).End();
        before = store.Reads;
        Assert.Equal(late.RunId, new ObjectStoreExperimentTracker(store).GetBestRun("many", "value", MetricGoal.Maximize)!.RunId);
        Assert.Equal(2, store.Reads - before);
    }

    [Fact]
    public async Task AStaleOrCorruptSummaryCostsDownloadsNeverRuns()
    {
        var store = new MemoryObjectStore();
        var tracker = new ObjectStoreExperimentTracker(store) { SummaryThreshold = 1 };
        var kept = tracker.StartRun("e").End();
        await store.PutAsync("e/" + ObjectStoreExperimentTracker.SummaryName, Encoding.UTF8.GetBytes("garbage\n"), default);
        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);

        Assert.Equal(new[] { kept.RunId }, tracker.ListRuns("e").Select(r => r.RunId));
        Assert.Equal(new[] { kept.RunId }, tracker.ListRuns("e").Select(r => r.RunId));
        Assert.Contains("summary line", Assert.Single(warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableRunObjectIsSkippedAndReportedOnce()
    {
        var store = new MemoryObjectStore();
        var tracker = new ObjectStoreExperimentTracker(store);
        var good = tracker.StartRun("e").End();
        await store.PutAsync("e/runs/0000000000000000001-bad.json", Encoding.UTF8.GetBytes("{\"format\":1,\"runId\":\"bad"), default);
        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);

        Assert.Equal(new[] { good.RunId }, tracker.ListRuns("e").Select(r => r.RunId));
        Assert.Equal(new[] { good.RunId }, tracker.ListRuns("e").Select(r => r.RunId));
        var warning = Assert.Single(warnings);
        Assert.Equal("memory://test/e/runs/0000000000000000001-bad.json", warning.FilePath);
    }

    [Fact]
    public void ARunIsNeverOverwritten()
    {
        var tracker = new ObjectStoreExperimentTracker(new MemoryObjectStore());
        var run = tracker.StartRun("e").End();
        Assert.Throws<System.IO.IOException>(() => tracker.AppendRun(run));
    }

    [Theory]
    [InlineData("s3://bucket/runs", "MlopsAnalyzers.Abstractions.AmazonS3")]
    [InlineData("https://account.blob.core.windows.net/runs", "MlopsAnalyzers.Abstractions.AzureBlobs")]
    public void ARootWhosePackageIsNotReferencedNamesThePackage(string root, string package)
        => Assert.Contains("dotnet add package " + package, Assert.Throws<InvalidOperationException>(() => ExperimentTracker.Open(root)).Message, StringComparison.Ordinal);

    [Fact]
    public void APathRootOpensTheFileTrackerAndUrlsAreKeptAsGiven()
    {
        Assert.IsType<FileExperimentTracker>(ExperimentTracker.Open(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "runs")));
        Assert.Equal("s3://bucket/runs", ExperimentTracker.ResolveDefaultRoot(" s3://bucket/runs ", System.IO.Path.GetTempPath()));
    }
}
