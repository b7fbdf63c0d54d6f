using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/MlopsAnalyzers.Benchmarks -- --filter '*'</c> runs the benchmarks
/// (BenchmarkDotNet arguments pass through; <c>--files=N</c> changes the project size); <c>-- --smoke</c> runs each
/// once on small projects (CI); <c>-- --ratios</c> measures the analyzers' execution time against the compiler's own
/// time and against NetAnalyzers', on both workloads (<c>--files=N</c>, <c>--runs=N</c>); <c>-- --editor</c> measures
/// per-document analysis as an editor runs it (<c>--files=N</c>, <c>--samples=N</c>, <c>--warmup=N</c>). With
/// <c>--before=path/MlopsAnalyzers.dll</c>, the ratios and the editor mode also measure that other build in the same
/// run. See docs/performance.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke"))
        {
            return Smoke();
        }

        var before = args.FirstOrDefault(a => a.StartsWith("--before=", StringComparison.Ordinal)) is { } beforeArgument
            ? Workload.LoadAnalyzers(beforeArgument.Substring("--before=".Length))
            : ImmutableArray<DiagnosticAnalyzer>.Empty;
        if (args.Contains("--ratios"))
        {
            return Ratios.Run(FileCountArgument(args) ?? 1000, runs: IntArgument(args, "--runs=") ?? 5, before: before);
        }

        if (args.Contains("--editor"))
        {
            var files = FileCountArgument(args) ?? 1000;
            var sampleSize = IntArgument(args, "--samples=") ?? 50;
            var warmUp = IntArgument(args, "--warmup=") ?? 20;
            if (before.IsEmpty)
            {
                return Editor.Run(files, sampleSize, warmUp);
            }

            // Whichever build is measured first in a process pays for warming it up (an A/A run of one build measured
            // twice gave 58 ms then 31 ms per document), so a first pass warms the process and is not compared.
            return Editor.Run(files, sampleSize, warmUp, label: "first pass, warming the process up (not compared)")
                | Editor.Run(files, sampleSize, warmUp, before, "before (the other build)")
                | Editor.Run(files, sampleSize, warmUp, label: "after (this build)");
        }

        AnalyzerBenchmarks.FileCount = FileCountArgument(args) ?? AnalyzerBenchmarks.FileCount;

        // In-process: the generated compilations and the analyzers live in the benchmark's own process anyway, and no
        // separate benchmark project has to be generated, restored and built.
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(args.Where(a => !a.StartsWith("--files=", StringComparison.Ordinal)).ToArray(), DefaultConfig.Instance.AddJob(job));
        return summaries.Any() && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    /// <summary>
    /// Every benchmark once (BenchmarkDotNet's dry job, in-process) on 100 files: the assertions run, fast. Then the
    /// other two modes on small projects, so that they keep working: the ratios (one run, no warm-up, NetAnalyzers side
    /// by side) on 25 files, the editor mode on 100 files.
    /// </summary>
    private static int Smoke()
    {
        const int Benchmarks = 6;
        AnalyzerBenchmarks.FileCount = 100;
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<AnalyzerBenchmarks>(config);
        var ok = !summary.HasCriticalValidationErrors && summary.Reports.Length == Benchmarks && summary.Reports.All(r => r.Success);
        ok = ok && Ratios.Run(fileCount: 25, runs: 1, warmUp: false) == 0 && Editor.Run(fileCount: 100, sampleSize: 5, warmUp: 2) == 0;
        Console.WriteLine(ok
            ? $"Benchmark smoke run: {Benchmarks} benchmarks, the ratios and the editor mode ran and their diagnostic counts are right."
            : "Benchmark smoke run FAILED.");
        return ok ? 0 : 1;
    }

    private static int? FileCountArgument(string[] args) => IntArgument(args, "--files=");

    private static int? IntArgument(string[] args, string prefix)
        => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg
            ? int.Parse(arg.Substring(prefix.Length), System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
