using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// The two ratios the performance targets are stated in, on the generated ML.NET project, single-threaded so that
/// the times add up like CPU time:
/// <list type="bullet">
/// <item>MlopsAnalyzers' own execution time (Roslyn's per-analyzer telemetry, what <c>-p:ReportAnalyzer=true</c>
/// reports in a build) against the compiler's own time (a fresh compilation, emitted);</item>
/// <item>the compiler's diagnostics plus MlopsAnalyzers against the same with an analyzer that registers nothing.</item>
/// </list>
/// Each measure is repeated; the report gives the median and the minimum (the run least disturbed by other work on
/// the machine).
/// </summary>
public static class Ratios
{
    public static int Run(int fileCount, int runs)
    {
        Console.WriteLine($"Generating and checking {fileCount:N0}-file projects...");
        var mlNet = Workload.MlNetProject(fileCount);
        var noMlNet = Workload.NoMlNetProject(fileCount);
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, double value) => (samples.TryGetValue(key, out var list) ? list : samples[key] = new List<double>()).Add(value);

        for (var run = 0; run <= runs; run++)
        {
            var (compiler, compilerCpu) = TimeWithCpu(() => mlNet.CreateCompilation(concurrentBuild: false).Emit(Stream.Null));

            var withMlops = mlNet.WithAnalyzers(Workload.MlopsAnalyzers, concurrent: false, logTime: true);
            var (mlops, mlopsCpu) = TimeWithCpu(() => mlNet.Verify(withMlops.CompileAndAnalyze(), expectDiagnostics: true));
            var telemetry = withMlops.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult().AnalyzerTelemetryInfo;
            var own = telemetry.Sum(t => t.Value.ExecutionTime.TotalMilliseconds);

            var withEmpty = mlNet.WithAnalyzers(Workload.Baseline, concurrent: false);
            var (empty, emptyCpu) = TimeWithCpu(() => mlNet.Verify(withEmpty.CompileAndAnalyze(), expectDiagnostics: false));
            var withOperation = mlNet.WithAnalyzers(Workload.OperationBaseline, concurrent: false);
            var operation = Time(() => mlNet.Verify(withOperation.CompileAndAnalyze(), expectDiagnostics: false));

            var noMlWithMlops = noMlNet.WithAnalyzers(Workload.MlopsAnalyzers, concurrent: false);
            var noMl = Time(() => noMlNet.Verify(noMlWithMlops.CompileAndAnalyze(), expectDiagnostics: false));
            var noMlWithEmpty = noMlNet.WithAnalyzers(Workload.Baseline, concurrent: false);
            var noMlEmpty = Time(() => noMlNet.Verify(noMlWithEmpty.CompileAndAnalyze(), expectDiagnostics: false));

            Console.WriteLine($"run {run}{(run == 0 ? " (warm-up, not counted)" : "")}: compiler {compiler:N0} ms, MlopsAnalyzers' own {own:N0} ms; "
                + $"compiler diagnostics with MlopsAnalyzers {mlops:N0} ms, with the empty analyzer {empty:N0} ms, with an empty operation action {operation:N0} ms; "
                + $"no Microsoft.ML: {noMl:N0} ms vs {noMlEmpty:N0} ms; CPU time: compiler {compilerCpu:N0} ms, "
                + $"compiler diagnostics with MlopsAnalyzers {mlopsCpu:N0} ms, with the empty analyzer {emptyCpu:N0} ms");
            if (run == 0)
            {
                continue;
            }

            Add("Compiler's own time (fresh compilation, emitted)", compiler);
            Add("MlopsAnalyzers' own execution time", own);
            foreach (var (analyzer, info) in telemetry.OrderBy(t => t.Key.GetType().Name, StringComparer.Ordinal))
            {
                Add("- " + analyzer.GetType().Name, info.ExecutionTime.TotalMilliseconds);
            }

            Add("CPU time: compiler's own time", compilerCpu);
            Add("CPU time: compiler diagnostics + MlopsAnalyzers", mlopsCpu);
            Add("CPU time: compiler diagnostics + the empty analyzer", emptyCpu);
            Add("Compiler diagnostics + MlopsAnalyzers", mlops);
            Add("Compiler diagnostics + the empty analyzer", empty);
            Add("Compiler diagnostics + an empty operation action", operation);
            Add("No Microsoft.ML: compiler diagnostics + MlopsAnalyzers", noMl);
            Add("No Microsoft.ML: compiler diagnostics + the empty analyzer", noMlEmpty);
            Add("ratio: own / compiler", own / compiler);
            Add("ratio: MlopsAnalyzers / empty", mlops / empty);
            Add("ratio: MlopsAnalyzers / empty operation action", mlops / operation);
            Add("ratio: no Microsoft.ML, MlopsAnalyzers / empty", noMl / noMlEmpty);
            Add("ratio: CPU, MlopsAnalyzers / empty", mlopsCpu / emptyCpu);
        }

        Console.WriteLine();
        Console.WriteLine($"{fileCount:N0} files, {runs} runs, single-threaded ({Environment.ProcessorCount} cores, .NET {Environment.Version}):");
        Console.WriteLine();
        Console.WriteLine("| Measure | Median (ms) | Minimum (ms) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, values) in samples.Where(s => !s.Key.StartsWith("ratio", StringComparison.Ordinal)))
        {
            Console.WriteLine($"| {name} | {Median(values):N1} | {values.Min():N1} |");
        }

        Console.WriteLine();
        Console.WriteLine("| Ratio | Median | Minimum | Target |");
        Console.WriteLine("|---|---:|---:|---|");
        Console.WriteLine($"| MlopsAnalyzers' own time / compiler's own time | {Median(samples["ratio: own / compiler"]):P1} | {samples["ratio: own / compiler"].Min():P1} | < 3% |");
        Console.WriteLine($"| With MlopsAnalyzers / with the empty analyzer | {Median(samples["ratio: MlopsAnalyzers / empty"]):0.00}x | {samples["ratio: MlopsAnalyzers / empty"].Min():0.00}x | <= 1.5x |");
        Console.WriteLine($"| With MlopsAnalyzers / with an empty operation action | {Median(samples["ratio: MlopsAnalyzers / empty operation action"]):0.00}x | {samples["ratio: MlopsAnalyzers / empty operation action"].Min():0.00}x | |");
        Console.WriteLine($"| CPU time: with MlopsAnalyzers / with the empty analyzer | {Median(samples["ratio: CPU, MlopsAnalyzers / empty"]):0.00}x | {samples["ratio: CPU, MlopsAnalyzers / empty"].Min():0.00}x | <= 1.5x |");
        Console.WriteLine($"| No Microsoft.ML: with MlopsAnalyzers / with the empty analyzer | {Median(samples["ratio: no Microsoft.ML, MlopsAnalyzers / empty"]):0.00}x | {samples["ratio: no Microsoft.ML, MlopsAnalyzers / empty"].Min():0.00}x | ~1x |");
        return 0;
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Wall-clock and CPU time of <paramref name="action"/> (the process's CPU time, which on a single-threaded run is the
    /// work done, and which other processes competing for the cores inflate far less than the wall clock).
    /// </summary>
    private static (double Wall, double Cpu) TimeWithCpu(Action action)
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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
