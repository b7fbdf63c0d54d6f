using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

public class FileExperimentTrackerTests
{
    public static IEnumerable<object[]> EveryMetricsType() => MetricsFactory.Kinds();

    // ---------------------------------------------------------------- round trip

    [Theory]
    [MemberData(nameof(EveryMetricsType))]
    public void EveryMetricsTypeRoundTripsFieldByField(string kind)
    {
        var metrics = MetricsFactory.Create(kind);
        using var folder = new TempFolder();
        new FileExperimentTracker(folder.Path).RecordEvaluation(kind, metrics);

        // A new tracker reads what the first wrote: nothing is held in memory.
        var run = Assert.Single(new FileExperimentTracker(folder.Path).ListRuns(kind));
        var expected = MlNetMetricsTests.FieldsByReflection(metrics);
        Assert.Equal(expected.Count, run.Metrics.Count);
        foreach (var pair in expected)
        {
            var stored = run.GetMetric(pair.Key);
            Assert.True(stored.HasValue, $"{kind}: {pair.Key} was not stored");
            Assert.True(
                BitConverter.DoubleToInt64Bits(pair.Value) == BitConverter.DoubleToInt64Bits(stored!.Value) || (double.IsNaN(pair.Value) && double.IsNaN(stored.Value)),
                $"{kind} {pair.Key}: wrote {pair.Value:R}, read {stored:R}");
        }
    }

    [Fact]
    public void ListMetricsReadBackInIndexOrder()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var multiclass = MetricsFactory.Multiclass();
        var ranking = MetricsFactory.Ranking();
        using (var run = tracker.StartRun("lists"))
        {
            run.LogMetrics(multiclass).LogMetrics(ranking, prefix: "rank");
        }

        var stored = Assert.Single(tracker.ListRuns("lists"));
        Assert.Equal(multiclass.PerClassLogLoss, stored.GetMetricList("PerClassLogLoss"));
        Assert.Equal(ranking.NormalizedDiscountedCumulativeGains, stored.GetMetricList("rank.NormalizedDiscountedCumulativeGains"));
        Assert.Equal(ranking.DiscountedCumulativeGains, stored.GetMetricList("rank.DiscountedCumulativeGains"));
        Assert.Empty(stored.GetMetricList("NoSuchList"));
    }

    [Fact]
    public void ParametersTagsModelLinkAndTimesRoundTrip()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var run = tracker.StartRun("prices", runName: "sdca \"baseline\" ✓");
        run.LogParameter("learningRate", 0.1)
            .LogParameter("iterations", 200)
            .LogParameter("trainer", "Sdca")
            .SetTag("data", "houses.csv@3f2a")
            .SetTag("multi\nline", "a\tb")
            .LogMetric("custom", -1.5e-300)
            .LogMetric("nan", double.NaN)
            .LogMetric("inf", double.PositiveInfinity)
            .LogMetric("-inf", double.NegativeInfinity)
            .LinkModel("house-prices", 7, "production");
        var written = run.End();

        var read = Assert.Single(tracker.ListRuns("prices"));
        Assert.Equal(written.RunId, read.RunId);
        Assert.Equal("sdca \"baseline\" ✓", read.Name);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(written.StartTime, read.StartTime);
        Assert.Equal(written.EndTime, read.EndTime);
        Assert.Equal(new Dictionary<string, string> { ["learningRate"] = "0.1", ["iterations"] = "200", ["trainer"] = "Sdca" }, read.Parameters);
        Assert.Equal(new Dictionary<string, string> { ["data"] = "houses.csv@3f2a", ["multi\nline"] = "a\tb" }, read.Tags);
        Assert.Equal(-1.5e-300, read.GetMetric("custom"));
        Assert.True(double.IsNaN(read.GetMetric("nan")!.Value));
        Assert.Equal(double.PositiveInfinity, read.GetMetric("inf"));
        Assert.Equal(double.NegativeInfinity, read.GetMetric("-inf"));
        Assert.Null(read.GetMetric("missing"));
        Assert.Equal(new ModelVersionLink("house-prices", 7, "production"), read.Model);
    }

    [Fact]
    public void EachRunIsOneJsonLineAndRunsKeepTheirOrder()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var ids = Enumerable.Range(0, 5).Select(i => tracker.StartRun("ordered").LogMetric("i", i).End().RunId).ToList();

        var lines = File.ReadAllLines(tracker.GetExperimentFilePath("ordered"));
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"format\":1,", line, StringComparison.Ordinal));
        Assert.Equal(ids, tracker.ListRuns("ordered").Select(r => r.RunId));
    }

    [Fact]
    public void AMissingExperimentHasNoRuns()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(Path.Combine(folder.Path, "not-created-yet"));
        Assert.Empty(tracker.ListRuns("nothing"));
        Assert.Empty(tracker.ListExperiments());
    }

    [Fact]
    public void ListsExperimentsThatHaveRuns()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        tracker.StartRun("b-experiment").End();
        tracker.StartRun("a-experiment").End();
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "not an experiment");
        Assert.Equal(new[] { "a-experiment", "b-experiment" }, tracker.ListExperiments());
    }

    // ---------------------------------------------------------------- names

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("x:y")]
    public void RejectsExperimentNamesThatAreNotSafeFileNames(string name)
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var error = Assert.Throws<ArgumentException>(() => tracker.StartRun(name));
        Assert.Contains("not a valid experiment name", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tracker.ListRuns(name));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("house-prices")]
    [InlineData("Churn_v2.1")]
    [InlineData("PriceModelTrainer")]
    [InlineData("Prévisions")]
    public void AcceptsOrdinaryNames(string name) => Assert.True(ExperimentNames.IsValid(name));

    // ---------------------------------------------------------------- torn lines

    [Fact]
    public void ATornLastLineIsSkippedWithAWarningAndEarlierRunsSurvive()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var first = tracker.StartRun("crash").LogMetric("auc", 0.8).End();
        var second = tracker.StartRun("crash").LogMetric("auc", 0.9).End();
        var path = tracker.GetExperimentFilePath("crash");
        var whole = RunLine(tracker, "crash");
        AppendBytes(path, whole.AsSpan(0, whole.Length / 2).ToArray());

        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var runs = tracker.ListRuns("crash");

        Assert.Equal(new[] { first.RunId, second.RunId }, runs.Select(r => r.RunId));
        var warning = Assert.Single(warnings);
        Assert.Equal(3, warning.LineNumber);
        Assert.Equal(path, warning.FilePath);
        Assert.Contains("incomplete", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNextWriterEndsATornLineSoItsOwnRunIsKept()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var first = tracker.StartRun("crash").End();
        var path = tracker.GetExperimentFilePath("crash");
        AppendBytes(path, Encoding.UTF8.GetBytes("{\"format\":1,\"runId\":\"torn"));

        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var third = tracker.StartRun("crash").LogMetric("auc", 0.7).End();
        var repair = Assert.Single(warnings);
        Assert.Equal(2, repair.LineNumber);
        Assert.Contains("torn", repair.Message, StringComparison.Ordinal);

        warnings.Clear();
        var runs = tracker.ListRuns("crash");
        Assert.Equal(new[] { first.RunId, third.RunId }, runs.Select(r => r.RunId));
        Assert.Equal(0.7, runs[1].GetMetric("auc"));
        var skipped = Assert.Single(warnings);
        Assert.Equal(2, skipped.LineNumber);
        Assert.Contains("not a readable run", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void UnreadableLinesAnywhereAreSkippedWithAWarningEach()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var path = tracker.GetExperimentFilePath("mixed");
        var good = tracker.StartRun("mixed").End();
        AppendBytes(path, Encoding.UTF8.GetBytes("not json\n\n{\"format\":99}\n[1,2]\n"));
        var other = new RunRecord("other-id", "other", null, RunStatus.Finished, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null, null);
        AppendBytes(path, RunLine(other));
        var lateGood = tracker.StartRun("mixed").End();

        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var runs = tracker.ListRuns("mixed");

        Assert.Equal(new[] { good.RunId, lateGood.RunId }, runs.Select(r => r.RunId));
        Assert.Equal(new[] { 2, 4, 5, 6 }, warnings.Select(w => w.LineNumber));
        Assert.Contains("format 99", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("belongs to experiment 'other'", warnings[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinesSavedByAWindowsEditorAreRead()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var run = tracker.StartRun("crlf").LogMetric("x", 1).End();
        var path = tracker.GetExperimentFilePath("crlf");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n", StringComparison.Ordinal), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

        var warnings = 0;
        tracker.Warning += (_, _) => warnings++;
        Assert.Equal(run.RunId, Assert.Single(tracker.ListRuns("crlf")).RunId);
        Assert.Equal(0, warnings);
    }

    // ---------------------------------------------------------------- best run

    [Fact]
    public void BestRunByAMetric()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        tracker.StartRun("best", "a").LogMetric("auc", 0.81).LogMetric("logLoss", 0.40).End();
        tracker.StartRun("best", "b").LogMetric("auc", 0.93).LogMetric("logLoss", 0.35).End();
        tracker.StartRun("best", "c").LogMetric("auc", 0.93).LogMetric("logLoss", 0.30).End();
        tracker.StartRun("best", "nan").LogMetric("auc", double.NaN).LogMetric("logLoss", double.NaN).End();
        tracker.StartRun("best", "failed").LogMetric("auc", 0.99).LogMetric("logLoss", 0.01).Fail("out of memory");
        tracker.StartRun("best", "no-metric").End();

        Assert.Equal("b", tracker.GetBestRun("best", "auc", MetricGoal.Maximize)?.Name);
        Assert.Equal("c", tracker.GetBestRun("best", "logLoss", MetricGoal.Minimize)?.Name);
        Assert.Null(tracker.GetBestRun("best", "rmse", MetricGoal.Minimize));
        Assert.Null(tracker.GetBestRun("empty", "auc", MetricGoal.Maximize));
        Assert.Throws<ArgumentException>(() => tracker.GetBestRun("best", " ", MetricGoal.Maximize));
    }

    [Fact]
    public void BestRunAcrossRecordedEvaluations()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var worse = MetricsFactory.Regression();
        tracker.RecordEvaluation("regression", worse);
        tracker.StartRun("regression").LogMetric(nameof(worse.RootMeanSquaredError), worse.RootMeanSquaredError / 2).End();

        var best = tracker.GetBestRun("regression", nameof(worse.RootMeanSquaredError), MetricGoal.Minimize);
        Assert.Equal(worse.RootMeanSquaredError / 2, best?.GetMetric(nameof(worse.RootMeanSquaredError)));
    }

    // ---------------------------------------------------------------- locking

    [Fact]
    public void AWriterWaitsForTheLockAndTimesOutWithAClearError()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path, TimeSpan.FromMilliseconds(300));
        var path = tracker.GetExperimentFilePath("locked");
        using (new FileStream(path + FileExperimentTracker.LockExtension, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<TimeoutException>(() => tracker.StartRun("locked").End());
            Assert.Contains("locked.jsonl.lock", error.Message, StringComparison.Ordinal);
        }

        tracker.StartRun("locked").End();
        Assert.Single(tracker.ListRuns("locked"));
    }

    [Fact]
    public void ReadersWaitForTheLockToo_AndReadFilesCopiedWithoutTheirLockFile()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path, TimeSpan.FromMilliseconds(300));
        var run = tracker.StartRun("copied").LogMetric("auc", 0.75).End();
        var lockPath = tracker.GetExperimentFilePath("copied") + FileExperimentTracker.LockExtension;
        using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Throws<TimeoutException>(() => tracker.ListRuns("copied"));
        }

        File.Delete(lockPath);
        Assert.Equal(run.RunId, Assert.Single(tracker.ListRuns("copied")).RunId);
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public void ConstructorRejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => new FileExperimentTracker(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileExperimentTracker("x", TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new FileExperimentTracker("x").AppendRun(null!));
    }

    internal static byte[] RunLine(FileExperimentTracker tracker, string experiment)
        => RunLine(new RunRecord(Guid.NewGuid().ToString("N"), experiment, null, RunStatus.Finished, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, new Dictionary<string, double> { ["auc"] = 0.5 }, null, null));

    private static byte[] RunLine(RunRecord record)
    {
        using var folder = new TempFolder();
        var scratch = new FileExperimentTracker(folder.Path);
        scratch.AppendRun(record);
        return File.ReadAllBytes(scratch.GetExperimentFilePath(record.Experiment));
    }

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes, 0, bytes.Length);
    }
}
