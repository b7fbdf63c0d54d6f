using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// The ratios the performance targets are stated in, on the smell-dense and the realistic workload, single-threaded so
/// that the times add up like CPU time:
/// <list type="bullet">
/// <item>MlopsAnalyzers' own execution time (Roslyn's per-analyzer telemetry, what <c>-p:ReportAnalyzer=true</c>
/// reports in a build) against the compiler's own time (a fresh compilation, emitted);</item>
/// <item>the compiler's diagnostics plus MlopsAnalyzers against the same with an analyzer that registers nothing;</item>
/// <item>side by side with the .NET SDK's NetAnalyzers (every rule enabled, as <c>AnalysisMode=All</c>) in one
/// compilation: MlopsAnalyzers' own time per rule against the NetAnalyzers' median own time per analyzer;</item>
/// <item>and, on a project that does not reference Microsoft.ML, MlopsAnalyzers against the empty analyzer.</item>
/// </list>
/// Each measure is repeated; the report gives the median and the minimum (the run least disturbed by other work on
/// the machine). With another build of MlopsAnalyzers (<c>--before=path/MlopsAnalyzers.dll</c>), each run also
/// measures that build the same way, so that before and after are compared in one run, under the same load.
/// </summary>
public static class Ratios
{
    /// <summary>Measures <paramref name="runs"/> times, after a warm-up run that is not counted unless <paramref name="warmUp"/> is false (the smoke run).</summary>
    public static int Run(int fileCount, int runs, bool warmUp = true, ImmutableArray<DiagnosticAnalyzer> before = default)
    {
        before = before.IsDefault ? ImmutableArray<DiagnosticAnalyzer>.Empty : before;
        var beforeTypes = before.Select(a => a.GetType()).ToHashSet();
        Console.WriteLine($"Generating and checking {fileCount:N0}-file projects, loading NetAnalyzers...");
        var workloads = new[] { ("Smell-dense", Workload.MlNetProject(fileCount)), ("Realistic", Workload.RealisticProject(fileCount)) };
        var noMlNet = Workload.NoMlNetProject(fileCount);
        var net = NetAnalyzers.Analyzers;
        var sideBySide = Workload.MlopsAnalyzers.AddRange(net);
        var allNetRules = NetAnalyzers.AllRulesAsWarnings(net);
        var mlopsTypes = Workload.MlopsAnalyzers.Select(a => a.GetType()).ToHashSet();
        var rules = Workload.MlopsRuleIds.Count;
        Console.WriteLine($"{Workload.MlopsAnalyzers.Length} MlopsAnalyzers analyzers reporting {rules} rules; {net.Length} NetAnalyzers analyzers, {allNetRules.Count} rules, all as warnings.");
        foreach (var (name, workload) in workloads)
        {
            Console.WriteLine($"{name}: {workload.Project.Files.Length:N0} files, {workload.LineCount:N0} lines, {workload.Project.ExpectedCounts.Values.Sum():N0} MlopsAnalyzers diagnostics expected "
                + $"({1000.0 * workload.Project.ExpectedCounts.Values.Sum() / workload.LineCount:0.0} per 1,000 lines).");
        }

        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, double value) => (samples.TryGetValue(key, out var list) ? list : samples[key] = new List<double>()).Add(value);

        for (var run = warmUp ? 0 : 1; run <= runs; run++)
        {
            var counted = run > 0;
            foreach (var (name, workload) in workloads)
            {
                var (compiler, compilerCpu) = TimeWithCpu(() => workload.CreateCompilation(concurrentBuild: false).Emit(Stream.Null));

                var withMlops = workload.WithAnalyzers(Workload.MlopsAnalyzers, concurrent: false, logTime: true);
                var (mlops, mlopsCpu) = TimeWithCpu(() => workload.Verify(withMlops.CompileAndAnalyze(), expectDiagnostics: true));
                var telemetry = Telemetry(withMlops);
                var own = telemetry.Sum(t => t.Value.ExecutionTime.TotalMilliseconds);

                var withEmpty = workload.WithAnalyzers(Workload.Baseline, concurrent: false);
                var (empty, emptyCpu) = TimeWithCpu(() => workload.Verify(withEmpty.CompileAndAnalyze(), expectDiagnostics: false));
                var withOperation = workload.WithAnalyzers(Workload.OperationBaseline, concurrent: false);
                var operation = TimeWithCpu(() => workload.Verify(withOperation.CompileAndAnalyze(), expectDiagnostics: false)).Wall;

                var both = workload.WithAnalyzers(sideBySide, concurrent: false, logTime: true, diagnosticOptions: allNetRules);
                var netDiagnostics = 0;
                var bothWall = TimeWithCpu(() =>
                {
                    var all = both.CompileAndAnalyze();
                    workload.Verify(all, expectDiagnostics: true);
                    netDiagnostics = all.Count(d => !Workload.MlopsRuleIds.Contains(d.Id) && !d.Id.StartsWith("CS", StringComparison.Ordinal));
                }).Wall;
                var (mlopsSideBySide, netTimes) = SideBySideTimes(both, mlopsTypes);
                var netMedian = Median(netTimes);

                Console.WriteLine($"run {run}{(counted ? "" : " (warm-up, not counted)")}, {name}: compiler {compiler:N0} ms (CPU {compilerCpu:N0}), MlopsAnalyzers' own {own:N0} ms; "
                    + $"compiler diagnostics with MlopsAnalyzers {mlops:N0} ms (CPU {mlopsCpu:N0}), with the empty analyzer {empty:N0} ms (CPU {emptyCpu:N0}), with an empty operation action {operation:N0} ms; "
                    + $"side by side with NetAnalyzers {bothWall:N0} ms ({netDiagnostics:N0} NetAnalyzers diagnostics): MlopsAnalyzers' own {mlopsSideBySide:N0} ms, {mlopsSideBySide / rules:N1} ms per rule; "
                    + $"NetAnalyzers' own {netTimes.Sum():N0} ms, median per analyzer {netMedian:N2} ms");
                if (!counted)
                {
                    continue;
                }

                var p = name + ": ";
                Add(p + "Compiler's own time (fresh compilation, emitted)", compiler);
                Add(p + "MlopsAnalyzers' own execution time", own);
                foreach (var (analyzer, info) in telemetry.OrderBy(t => t.Key.GetType().Name, StringComparer.Ordinal))
                {
                    Add(p + "- " + Describe(analyzer), info.ExecutionTime.TotalMilliseconds);
                }

                Add(p + "CPU time: compiler's own time", compilerCpu);
                Add(p + "CPU time: compiler diagnostics + MlopsAnalyzers", mlopsCpu);
                Add(p + "CPU time: compiler diagnostics + the empty analyzer", emptyCpu);
                Add(p + "Compiler diagnostics + MlopsAnalyzers", mlops);
                Add(p + "Compiler diagnostics + the empty analyzer", empty);
                Add(p + "Compiler diagnostics + an empty operation action", operation);
                Add(p + "Side by side with NetAnalyzers: MlopsAnalyzers' own execution time", mlopsSideBySide);
                Add(p + $"Side by side with NetAnalyzers: MlopsAnalyzers' own time per rule ({rules} rules)", mlopsSideBySide / rules);
                Add(p + $"Side by side with NetAnalyzers: NetAnalyzers' own execution time ({netTimes.Count} analyzers)", netTimes.Sum());
                Add(p + "Side by side with NetAnalyzers: NetAnalyzers' median own time per analyzer", netMedian);
                Add(p + "Side by side with NetAnalyzers: NetAnalyzers' mean own time per analyzer", netTimes.Average());
                Add(p + "ratio: own / compiler", own / compiler);
                Add(p + "ratio: MlopsAnalyzers / empty", mlops / empty);
                Add(p + "ratio: MlopsAnalyzers / empty operation action", mlops / operation);
                Add(p + "ratio: CPU, MlopsAnalyzers / empty", mlopsCpu / emptyCpu);
                Add(p + "ratio: per rule / NetAnalyzers median", mlopsSideBySide / rules / netMedian);
                if (before.Length > 0)
                {
                    var withBefore = workload.WithAnalyzers(before, concurrent: false, logTime: true);
                    workload.Verify(withBefore.CompileAndAnalyze(), expectDiagnostics: true);
                    var beforeOwn = Telemetry(withBefore).Sum(t => t.Value.ExecutionTime.TotalMilliseconds);
                    var beforeBoth = workload.WithAnalyzers(before.AddRange(net), concurrent: false, logTime: true, diagnosticOptions: allNetRules);
                    workload.Verify(beforeBoth.CompileAndAnalyze(), expectDiagnostics: true);
                    var (beforeSideBySide, beforeNetTimes) = SideBySideTimes(beforeBoth, beforeTypes);
                    var beforeNetMedian = Median(beforeNetTimes);
                    Console.WriteLine($"run {run}, {name}, before ({before.Length} analyzers): own {beforeOwn:N0} ms; side by side with NetAnalyzers {beforeSideBySide / rules:N1} ms per rule, NetAnalyzers' median {beforeNetMedian:N2} ms");
                    Add(p + $"Before ({before.Length} analyzers): MlopsAnalyzers' own execution time", beforeOwn);
                    Add(p + $"Before ({before.Length} analyzers): side by side with NetAnalyzers, own time per rule", beforeSideBySide / rules);
                    Add(p + "ratio: before, own / compiler", beforeOwn / compiler);
                    Add(p + "ratio: before, per rule / NetAnalyzers median", beforeSideBySide / rules / beforeNetMedian);
                }
            }

            var noMlWithMlops = noMlNet.WithAnalyzers(Workload.MlopsAnalyzers, concurrent: false);
            var noMl = TimeWithCpu(() => noMlNet.Verify(noMlWithMlops.CompileAndAnalyze(), expectDiagnostics: false)).Wall;
            var noMlWithEmpty = noMlNet.WithAnalyzers(Workload.Baseline, concurrent: false);
            var noMlEmpty = TimeWithCpu(() => noMlNet.Verify(noMlWithEmpty.CompileAndAnalyze(), expectDiagnostics: false)).Wall;
            Console.WriteLine($"run {run}{(counted ? "" : " (warm-up, not counted)")}, no Microsoft.ML: {noMl:N0} ms vs {noMlEmpty:N0} ms");
            if (counted)
            {
                Add("No Microsoft.ML: compiler diagnostics + MlopsAnalyzers", noMl);
                Add("No Microsoft.ML: compiler diagnostics + the empty analyzer", noMlEmpty);
                Add("ratio: no Microsoft.ML, MlopsAnalyzers / empty", noMl / noMlEmpty);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{fileCount:N0} files, {runs} runs{(warmUp ? " after a warm-up" : ", no warm-up")}, single-threaded ({Environment.ProcessorCount} cores, .NET {Environment.Version}, "
            + $"load average before the summary {LoadAverage()}):");
        Console.WriteLine();
        Console.WriteLine("| Measure | Median (ms) | Minimum (ms) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, values) in samples.Where(s => !s.Key.Contains("ratio: ", StringComparison.Ordinal)))
        {
            Console.WriteLine($"| {name} | {Median(values):N1} | {values.Min():N1} |");
        }

        Console.WriteLine();
        Console.WriteLine("| Ratio | Median | Minimum | Target |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var (name, _) in workloads)
        {
            var p = name + ": ";
            var realistic = name == "Realistic";
            Ratio(p + "MlopsAnalyzers' own time / compiler's own time", samples[p + "ratio: own / compiler"], percent: true, realistic ? "< 3%" : "< 5%");
            Ratio(p + "With MlopsAnalyzers / with the empty analyzer", samples[p + "ratio: MlopsAnalyzers / empty"], percent: false, "<= 1.5x");
            Ratio(p + "With MlopsAnalyzers / with an empty operation action", samples[p + "ratio: MlopsAnalyzers / empty operation action"], percent: false, "");
            Ratio(p + "CPU time: with MlopsAnalyzers / with the empty analyzer", samples[p + "ratio: CPU, MlopsAnalyzers / empty"], percent: false, "<= 1.5x");
            Ratio(p + "MlopsAnalyzers' time per rule / NetAnalyzers' median time per analyzer", samples[p + "ratio: per rule / NetAnalyzers median"], percent: false, realistic ? "<= 1x" : "");
            if (before.Length > 0)
            {
                Ratio(p + "Before: MlopsAnalyzers' own time / compiler's own time", samples[p + "ratio: before, own / compiler"], percent: true, realistic ? "< 3%" : "< 5%");
                Ratio(p + "Before: time per rule / NetAnalyzers' median time per analyzer", samples[p + "ratio: before, per rule / NetAnalyzers median"], percent: false, realistic ? "<= 1x" : "");
            }
        }

        Ratio("No Microsoft.ML: with MlopsAnalyzers / with the empty analyzer", samples["ratio: no Microsoft.ML, MlopsAnalyzers / empty"], percent: false, "~1x");
        return 0;
    }

    /// <summary>An analyzer's class name and the rule IDs it reports (one today, several for a family analyzer).</summary>
    public static string Describe(DiagnosticAnalyzer analyzer)
        => string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            + " " + analyzer.GetType().Name
            + (analyzer.SupportedDiagnostics.All(d => !d.IsEnabledByDefault) ? " (disabled by default: not run)" : "");

    /// <summary>Of a side-by-side run: the own time of <paramref name="ours"/> in all, and the own time of each other analyzer.</summary>
    private static (double Ours, List<double> Others) SideBySideTimes(CompilationWithAnalyzers compilation, HashSet<Type> ours)
    {
        var telemetry = Telemetry(compilation);
        return (
            telemetry.Where(t => ours.Contains(t.Key.GetType())).Sum(t => t.Value.ExecutionTime.TotalMilliseconds),
            telemetry.Where(t => !ours.Contains(t.Key.GetType())).Select(t => t.Value.ExecutionTime.TotalMilliseconds).ToList());
    }

    private static ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry(CompilationWithAnalyzers compilation)
        => compilation.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult().AnalyzerTelemetryInfo;

    private static void Ratio(string name, List<double> values, bool percent, string target)
        => Console.WriteLine(percent
            ? $"| {name} | {Median(values):P1} | {values.Min():P1} | {target} |"
            : $"| {name} | {Median(values):0.00}x | {values.Min():0.00}x | {target} |");

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Wall-clock and CPU time of <paramref name="action"/> (the process's CPU time, which on a single-threaded run is the
    /// work done, and which other processes competing for the cores inflate far less than the wall clock).
    /// </summary>
    public static (double Wall, double Cpu) TimeWithCpu(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        action();
        var wall = stopwatch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>The <paramref name="fraction"/> quantile, interpolated between the two nearest values.</summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var position = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
