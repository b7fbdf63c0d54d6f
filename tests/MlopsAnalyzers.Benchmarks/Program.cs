using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/MlopsAnalyzers.Benchmarks -- --filter '*'</c> runs the benchmarks
/// (BenchmarkDotNet arguments pass through; <c>--files=N</c> changes the project size); <c>-- --smoke</c> runs each
/// once on a small project (CI); <c>-- --ratios</c> measures the analyzers' execution time against the compiler's own
/// time (<c>--files=N</c>, <c>--runs=N</c>). See docs/performance.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke"))
        {
            return Smoke();
        }

        if (args.Contains("--ratios"))
        {
            return Ratios.Run(FileCountArgument(args) ?? 1000, runs: IntArgument(args, "--runs=") ?? 5);
        }

        AnalyzerBenchmarks.FileCount = FileCountArgument(args) ?? AnalyzerBenchmarks.FileCount;

        // In-process: the generated compilations and the analyzers live in the benchmark's own process anyway, and no
        // separate benchmark project has to be generated, restored and built.
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(args.Where(a => !a.StartsWith("--files=", StringComparison.Ordinal)).ToArray(), DefaultConfig.Instance.AddJob(job));
        return summaries.Any() && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    /// <summary>Every benchmark once (BenchmarkDotNet's dry job, in-process) on 100 files: the assertions run, fast.</summary>
    private static int Smoke()
    {
        AnalyzerBenchmarks.FileCount = 100;
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<AnalyzerBenchmarks>(config);
        var ok = !summary.HasCriticalValidationErrors && summary.Reports.Length == 4 && summary.Reports.All(r => r.Success);
        Console.WriteLine(ok ? "Benchmark smoke run: 4 benchmarks ran and their diagnostic counts are right." : "Benchmark smoke run FAILED.");
        return ok ? 0 : 1;
    }

    private static int? FileCountArgument(string[] args) => IntArgument(args, "--files=");

    private static int? IntArgument(string[] args, string prefix)
        => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg
            ? int.Parse(arg.Substring(prefix.Length), System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
