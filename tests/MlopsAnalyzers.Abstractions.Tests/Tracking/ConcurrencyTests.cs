using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Tests.Tracking;

/// <summary>
/// Many writers on one experiment file: threads of this process (through one tracker and through several) and other
/// processes (the TrackingWriter program built next to the tests). Every run must be read back, none torn.
/// </summary>
public class ConcurrencyTests
{
    private const int RunsPerWriter = 25;

    [Fact]
    public void ThreadsSharingOneTrackerLoseNoRun()
    {
        using var folder = new TempFolder();
        var tracker = new FileExperimentTracker(folder.Path);
        RunThreads(8, _ => tracker);
        AssertAllRuns(new FileExperimentTracker(folder.Path), writers: 8, runsPerWriter: RunsPerWriter);
    }

    [Fact]
    public void ThreadsWithTheirOwnTrackersLoseNoRun()
    {
        using var folder = new TempFolder();
        RunThreads(8, _ => new FileExperimentTracker(folder.Path));
        AssertAllRuns(new FileExperimentTracker(folder.Path), writers: 8, runsPerWriter: RunsPerWriter);
    }

    [Fact]
    public void ProcessesAndThreadsWritingAtOnceLoseNoRun()
    {
        using var folder = new TempFolder();
        const int Processes = 3;
        var children = Enumerable.Range(0, Processes)
            .Select(i => StartWriter("append", folder.Path, "shared", "process" + i, RunsPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        // Threads of this process write while the children do.
        RunThreads(2, _ => new FileExperimentTracker(folder.Path));

        foreach (var child in children)
        {
            Assert.True(child.WaitForExit(120_000), "a writer process did not finish");
            var output = child.StandardOutput.ReadToEnd();
            Assert.True(child.ExitCode == 0 && output.Contains("done", StringComparison.Ordinal), $"writer failed ({child.ExitCode}): {output}{child.StandardError.ReadToEnd()}");
            child.Dispose();
        }

        AssertAllRuns(new FileExperimentTracker(folder.Path), writers: Processes + 2, runsPerWriter: RunsPerWriter);
    }

    [Fact]
    public void TheLockOfAProcessThatDiesIsReleased()
    {
        using var folder = new TempFolder();
        using var holder = StartWriter("hold-lock", folder.Path, "abandoned");
        Assert.Equal("locked", holder.StandardOutput.ReadLine());

        var tracker = new FileExperimentTracker(folder.Path, TimeSpan.FromMilliseconds(200));
        Assert.Throws<TimeoutException>(() => tracker.StartRun("abandoned").End());

        holder.Kill();
        Assert.True(holder.WaitForExit(30_000));
        var patient = new FileExperimentTracker(folder.Path, TimeSpan.FromSeconds(30));
        patient.StartRun("abandoned").End();
        Assert.Single(patient.ListRuns("abandoned"));
    }

    private static void RunThreads(int count, Func<int, FileExperimentTracker> trackerFor)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(t => Task.Factory.StartNew(
            () =>
            {
                var tracker = trackerFor(t);
                start.Wait();
                for (var i = 0; i < RunsPerWriter; i++)
                {
                    tracker.StartRun("shared").LogParameter("writer", "thread" + t).LogParameter("index", i).LogMetric("value", i).End();
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        Task.WaitAll(tasks);
    }

    private static void AssertAllRuns(FileExperimentTracker tracker, int writers, int runsPerWriter)
    {
        var warnings = new List<TrackingWarningEventArgs>();
        tracker.Warning += (_, w) => warnings.Add(w);
        var runs = tracker.ListRuns("shared");

        Assert.Empty(warnings);
        Assert.Equal(writers * runsPerWriter, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(runs.Count, File.ReadAllLines(tracker.GetExperimentFilePath("shared")).Length);

        // Each writer's runs are all there, in the order that writer appended them.
        foreach (var group in runs.GroupBy(r => r.Parameters["writer"]))
        {
            Assert.Equal(Enumerable.Range(0, runsPerWriter).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), group.Select(r => r.Parameters["index"]));
        }

        Assert.Equal(writers, runs.Select(r => r.Parameters["writer"]).Distinct().Count());
    }

    private static Process StartWriter(params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "TrackingWriter.dll");
        Assert.True(File.Exists(program), program + " was not built next to the tests");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the writer process");
    }
}
