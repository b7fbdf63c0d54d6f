using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Monitoring;
using Xunit.Abstractions;

namespace MlopsAnalyzers.Abstractions.Tests.Monitoring;

public class DriftMonitorTests
{
    private readonly ITestOutputHelper _output;

    public DriftMonitorTests(ITestOutputHelper output) => _output = output;

    private static DriftMonitorOptions Synchronous(int window = 1000) => new() { WindowSize = window, MinimumSamples = window / 2, RunChecksInBackground = false };

    /// <summary>Serves <paramref name="count"/> inputs and returns the checks that ran and the drift events raised.</summary>
    private static (int Checks, int DriftingChecks, List<DriftReport> Events) Serve(DriftMonitor<Applicant> monitor, IEnumerable<Applicant> inputs, int count)
    {
        var events = new List<DriftReport>();
        monitor.DriftDetected += (_, e) => events.Add(e.Report);
        int checks = 0, drifting = 0;
        DriftReport? last = null;
        foreach (var input in inputs.Take(count))
        {
            monitor.Observe(input);
            if (!ReferenceEquals(monitor.LastReport, last))
            {
                checks++;
                last = monitor.LastReport;
                drifting += last!.HasDrift ? 1 : 0;
            }
        }

        return (checks, drifting, events);
    }

    // ---------------------------------------------------------------- false alarms and detection

    /// <summary>
    /// Streams of 3,000 inputs drawn from the training distribution, checked every 100 from the 500th: each check is a
    /// test at 1% (shared by the columns) gated by PSI &gt;= 0.1, so at most 1% of checks may alarm; over a whole stream
    /// the checks overlap, and the PSI gate keeps most streams quiet.
    /// </summary>
    [Theory]
    [InlineData(2000, 200, 0.01)]
    [InlineData(300, 100, 0.05)] // a small training set: a noisier reference, which the two-sample tests account for
    public void NoDriftOnSamplesFromTheTrainingDistribution_OverManySeeds(int trainingRows, int seeds, double maxAlarmedStreams)
    {
        int alarmedSeeds = 0, checks = 0, driftingChecks = 0;
        double maxPsi = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(seed, trainingRows), Synchronous());
            var (seedChecks, seedDrifting, events) = Serve(monitor, Applicants.Generate(seed + 100_000), 3000);
            checks += seedChecks;
            alarmedSeeds += events.Count > 0 ? 1 : 0;
            driftingChecks += seedDrifting;
            maxPsi = Math.Max(maxPsi, monitor.LastReport!.Columns.Max(c => c.Psi));
        }

        _output.WriteLine($"{trainingRows} training rows, {seeds} streams, {checks} checks of 5 columns: {driftingChecks} false alarms ({(double)driftingChecks / checks:P2} of checks), in {alarmedSeeds} streams ({(double)alarmedSeeds / seeds:P1}); highest final PSI {maxPsi:0.000}");
        Assert.Equal(seeds * 26, checks); // a check every 100 inputs from the 500th
        Assert.True(driftingChecks <= checks * 0.01, $"{driftingChecks} of {checks} checks raised a false alarm");
        Assert.True(alarmedSeeds <= seeds * maxAlarmedStreams, $"{alarmedSeeds} of {seeds} streams raised a false alarm");
    }

    public static TheoryData<string, Shift, string> Shifts => new()
    {
        { "income mean +0.5 sd", new Shift(IncomeMean: 0.5), nameof(Applicant.Income) },
        { "income spread x1.5", new Shift(IncomeScale: 1.5), nameof(Applicant.Income) },
        { "debt missing 40%", new Shift(DebtMissing: 0.4), nameof(Applicant.Debt) },
        { "regions reversed", new Shift(RegionWeights: new[] { 0.1, 0.2, 0.3, 0.4 }), nameof(Applicant.Region) },
        { "a new region in 20% of inputs", new Shift(NewRegion: 0.2), nameof(Applicant.Region) },
    };

    [Theory]
    [MemberData(nameof(Shifts))]
    public void DriftIsFlaggedOnAShiftedDistribution(string description, Shift shift, string column)
    {
        const int seeds = 20;
        var detected = 0;
        var others = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(seed), Synchronous());
            var (_, _, events) = Serve(monitor, Applicants.Generate(seed + 100_000, shift), 1000);
            detected += events.Any(e => e.DriftingColumns.Contains(column)) ? 1 : 0;
            others += events.SelectMany(e => e.DriftingColumns).Distinct().Count(c => c != column);
        }

        _output.WriteLine($"{description}: detected in {detected} of {seeds} seeds; {others} other columns flagged");
        Assert.True(detected >= seeds - 1, $"{description}: drift of {column} detected in only {detected} of {seeds} seeds");
        Assert.True(others <= 1, $"{description}: {others} unshifted columns were flagged");
    }

    [Fact]
    public void ReportsPsiBandsAndPValuesPerColumn()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), Synchronous());
        foreach (var input in Applicants.Generate(5, new Shift(IncomeMean: 1.5)).Take(1000))
        {
            monitor.Observe(input);
        }

        var report = monitor.Check();
        Assert.True(report.HasEnoughSamples);
        Assert.Equal(1000, report.WindowCount);
        Assert.Equal(new[] { "Income", "Age", "Debt", "Region", "Member" }, report.Columns.Select(c => c.Name));
        var income = report.Columns[0];
        Assert.Equal(DriftSeverity.Significant, income.Severity);
        Assert.True(income.KolmogorovSmirnovStatistic > 0.4, income.ToString());
        Assert.True(income.PValue < 1e-10, income.ToString());
        Assert.Equal(new[] { "Income" }, report.DriftingColumns);
        Assert.True(double.IsNaN(report.Columns[3].KolmogorovSmirnovStatistic));
        Assert.InRange(report.Columns[2].MissingRate, 0.02, 0.08);
    }

    // ---------------------------------------------------------------- events

    [Fact]
    public void DriftDetectedIsRaisedWhenTheDriftingSetChanges_AndHandlerErrorsDoNotReachTheCaller()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), Synchronous(window: 500));
        var raised = new List<IReadOnlyList<string>>();
        monitor.DriftDetected += (_, e) => throw new InvalidOperationException("a broken handler");
        monitor.DriftDetected += (_, e) => raised.Add(e.DriftingColumns);

        void Serve(Shift shift, int count, int seed)
        {
            foreach (var input in Applicants.Generate(seed, shift).Take(count))
            {
                monitor.Observe(input);
            }
        }

        Serve(new Shift(), 1000, 11);
        Assert.Empty(raised);
        Serve(new Shift(IncomeMean: 2), 1000, 12);
        Assert.Equal(new[] { "Income" }, Assert.Single(raised));   // once, not at every check while it lasts
        Serve(new Shift(IncomeMean: 2, NewRegion: 0.5), 1000, 13);
        Assert.Equal(2, raised.Count);
        Assert.Equal(new[] { "Income", "Region" }, raised[1]);
        Serve(new Shift(), 1000, 14);
        Assert.False(monitor.LastReport!.HasDrift);
        Serve(new Shift(IncomeMean: 2), 1000, 15);
        Assert.Equal(3, raised.Count);                               // again after it had cleared
    }

    [Fact]
    public void NothingDriftsBeforeTheMinimumSamples()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), Synchronous());
        foreach (var input in Applicants.Generate(2, new Shift(IncomeMean: 3)).Take(200))
        {
            monitor.Observe(input);
        }

        Assert.Null(monitor.LastReport);
        var report = monitor.Check();
        Assert.False(report.HasEnoughSamples);
        Assert.False(report.HasDrift);
        Assert.Equal(DriftSeverity.Significant, report.Columns[0].Severity);
    }

    [Fact]
    public async Task BackgroundChecksRaiseTheEventOffTheCallersThread()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), new DriftMonitorOptions { WindowSize = 500, MinimumSamples = 500, CheckInterval = 50 });
        var raised = new TaskCompletionSource<(DriftDetectedEventArgs Args, int Thread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.DriftDetected += (_, e) => raised.TrySetResult((e, Environment.CurrentManagedThreadId));

        foreach (var input in Applicants.Generate(3, new Shift(IncomeMean: 3)).Take(5000))
        {
            monitor.Observe(input);
        }

        var completed = await Task.WhenAny(raised.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(raised.Task, completed);
        var (args, thread) = await raised.Task;
        Assert.Contains("Income", args.DriftingColumns);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    // ---------------------------------------------------------------- memory and threads

    [Fact]
    public async Task BackgroundChecksTakeAtMostATenthOfACore()
    {
        // A check is due after every input: without the spacing, one check would follow the other all the time.
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), new DriftMonitorOptions { MinimumSamples = 100, CheckInterval = 1 });
        var inputs = Applicants.Generate(6).Take(4096).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var served = 0;
        while ((watch.Elapsed < TimeSpan.FromSeconds(1) || monitor.BackgroundChecks.Count < 3) && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            monitor.Observe(inputs[served++ & 4095]);
        }

        while (monitor.BackgroundCheckPending)
        {
            await Task.Delay(1);
        }

        var elapsed = watch.ElapsedTicks;
        var (count, ticks, last) = monitor.BackgroundChecks;
        _output.WriteLine($"{count} background checks took {ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency:0.0} ms of {elapsed * 1000.0 / System.Diagnostics.Stopwatch.Frequency:0.0} ms");
        Assert.True(count >= 3, $"{count} background checks in {watch.Elapsed}");
        Assert.True(count < served / 10, $"{count} background checks for {served} inputs");

        // Each check but the last is followed by 9 times its duration without one: they add up to a tenth of the time.
        Assert.True(ticks - last <= elapsed / 10, $"the checks took {ticks} of {elapsed} ticks");
        Assert.NotNull(monitor.LastReport);
    }

    [Fact]
    public void TheWindowIsBounded()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), new DriftMonitorOptions { WindowSize = 300, MinimumSamples = 100, RunChecksInBackground = false });
        foreach (var input in Applicants.Generate(4).Take(10_000))
        {
            monitor.Observe(input);
        }

        Assert.Equal(10_000, monitor.ObservedCount);
        Assert.Equal(300, monitor.WindowCount);
        Assert.All(monitor.Check().Columns, c => Assert.Equal(300, c.Count));
    }

    [Fact]
    public void ObserveIsThreadSafe()
    {
        var monitor = new DriftMonitor<Applicant>(Applicants.Baseline(1), new DriftMonitorOptions { WindowSize = 1000, CheckInterval = 10 });
        var errors = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            try
            {
                foreach (var input in Applicants.Generate(100 + t).Take(5000))
                {
                    monitor.Observe(input);
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        while (threads.Any(t => t.IsAlive))
        {
            monitor.Check(); // concurrent explicit checks
        }

        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        Assert.Equal(40_000, monitor.ObservedCount);
        var report = monitor.Check();
        Assert.Equal(1000, report.WindowCount);
        Assert.False(report.HasDrift, report.ToString());
    }

    // ---------------------------------------------------------------- binding to the input type

    private sealed class Renamed
    {
        [ColumnName("Income")]
        public float Salary;

        public string Region = "";
    }

    private sealed class WrongType
    {
        public string Income = "";
    }

    private sealed class Unrelated
    {
        public float Height = 170f;
    }

    [Fact]
    public void ColumnsAreMatchedByMlNetColumnName()
    {
        var baseline = Applicants.Baseline(1);
        var monitor = new DriftMonitor<Renamed>(baseline, new DriftMonitorOptions { RunChecksInBackground = false });
        Assert.Equal(new[] { "Income", "Region" }, monitor.MonitoredColumns);
        monitor.Observe(new Renamed { Salary = 50, Region = null! });
        Assert.Equal(1, monitor.WindowCount);

        var only = new DriftMonitorOptions();
        only.Columns.Add("Region");
        Assert.Equal(new[] { "Region" }, new DriftMonitor<Applicant>(baseline, only).MonitoredColumns);
    }

    [Fact]
    public void BadBindingsAndOptionsAreClearErrors()
    {
        var baseline = Applicants.Baseline(1);
        Assert.Contains("is numeric in the drift baseline, but WrongType.Income is String", Assert.Throws<ArgumentException>(() => new DriftMonitor<WrongType>(baseline)).Message);
        Assert.Contains("nothing could be monitored", Assert.Throws<ArgumentException>(() => new DriftMonitor<Unrelated>(baseline)).Message);

        var unknown = new DriftMonitorOptions();
        unknown.Columns.Add("Height");
        Assert.Contains("not in the drift baseline", Assert.Throws<ArgumentException>(() => new DriftMonitor<Applicant>(baseline, unknown)).Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftMonitor<Applicant>(baseline, new DriftMonitorOptions { WindowSize = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftMonitor<Applicant>(baseline, new DriftMonitorOptions { MinimumSamples = 2000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftMonitor<Applicant>(baseline, new DriftMonitorOptions { Significance = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftMonitor<Applicant>(baseline, new DriftMonitorOptions { PsiThreshold = double.NaN }));
        Assert.Throws<ArgumentNullException>(() => new DriftMonitor<Applicant>(baseline).Observe(null!));
    }
}
