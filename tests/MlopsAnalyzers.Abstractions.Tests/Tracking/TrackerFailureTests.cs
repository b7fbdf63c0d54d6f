using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

/// <summary>
/// The tracker's breaks from the failure-injection probe (issue 13, items 7 and 8) and the torn line reported on every
/// read (issue 16); each test failed before its fix.
/// </summary>
public class TrackerFailureTests
{
    [Fact]
    public void AnExperimentFileOverTwoGibibytesIsStillRead()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var first = tracker.StartRun("big").LogMetric("auc", 0.7).End();
        var path = tracker.GetExperimentFilePath("big");

        // A 2.1 GiB line of zero bytes, written as a sparse hole: no disk space, but every byte is read.
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write))
        {
            stream.Seek((2L * 1024 * 1024 * 1024) + (100L * 1024 * 1024), SeekOrigin.Current);
            stream.WriteByte((byte)'\n');
        }

        Assert.True(new FileInfo(path).Length > int.MaxValue);
        var last = tracker.StartRun("big").LogMetric("auc", 0.9).End();

        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var runs = tracker.ListRuns("big");

        Assert.Equal(new[] { first.RunId, last.RunId }, runs.Select(r => r.RunId));
        var warning = Assert.Single(warnings);
        Assert.Equal(2, warning.LineNumber);
        Assert.Contains("longer than", warning.Message, StringComparison.Ordinal);
        Assert.Equal(last.RunId, tracker.GetBestRun("big", "auc", MetricGoal.Maximize)!.RunId);
    }

    [Fact]
    public void ATornLineIsReportedOnceNotOnEveryRead()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        tracker.StartRun("crash").End();
        var path = tracker.GetExperimentFilePath("crash");
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes("{\"format\":1,\"runId\":\"torn"));
        }

        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        Assert.Single(tracker.ListRuns("crash"));
        Assert.Single(tracker.ListRuns("crash"));
        Assert.Null(tracker.GetBestRun("crash", "auc", MetricGoal.Maximize));
        Assert.Single(warnings);

        // The next writer ends the line (one warning for the repair); readers do not report the ended line again.
        warnings.Clear();
        tracker.StartRun("crash").End();
        Assert.Equal(2, tracker.ListRuns("crash").Count);
        Assert.Equal(2, tracker.ListRuns("crash").Count);
        var repair = Assert.Single(warnings);
        Assert.Contains("torn", repair.Message, StringComparison.Ordinal);

        // Another tracker instance (another process) reports it once, too.
        var other = new FileExperimentTracker(folder.Path);
        var otherWarnings = new List<TrackingWarningEventArgs>();
        other.Warning += (_, w) => otherWarnings.Add(w);
        other.ListRuns("crash");
        other.ListRuns("crash");
        Assert.Single(otherWarnings);
    }

    [Fact]
    public void AnExperimentFileOrLockThatIsALinkIsRefused()
    {
        using var folder = new TempFolder();
        using var outside = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        var target = Path.Combine(outside.Path, "elsewhere.jsonl");
        File.WriteAllText(target, "");
        File.CreateSymbolicLink(tracker.GetExperimentFilePath("linked"), target);

        var append = Assert.Throws<IOException>(() => tracker.StartRun("linked").End());
        Assert.Contains("symbolic link", append.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => tracker.ListRuns("linked")).Message, StringComparison.Ordinal);
        Assert.Equal("", File.ReadAllText(target));

        var lockTarget = Path.Combine(outside.Path, "lock");
        File.CreateSymbolicLink(tracker.GetExperimentFilePath("locked") + FileExperimentTracker.LockExtension, lockTarget);
        Assert.Contains("symbolic link", Assert.Throws<IOException>(() => tracker.StartRun("locked").End()).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(lockTarget), "the lock was created outside the root");
    }
}
