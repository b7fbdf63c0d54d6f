using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MlopsAnalyzers.Abstractions.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/MlopsAnalyzers.Abstractions.Benchmarks</c> measures the monitoring
/// overhead per prediction (BenchmarkDotNet arguments pass through); <c>-- --smoke</c> runs each benchmark once
/// (CI): the decorator must predict like the bare engine and observe its inputs.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke"))
        {
            var config = ManualConfig.CreateMinimumViable()
                .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableLogFile);
            var summary = BenchmarkRunner.Run<MonitoringBenchmarks>(config);
            var ok = !summary.HasCriticalValidationErrors && summary.Reports.Length == 4 && summary.Reports.All(r => r.Success);
            Console.WriteLine(ok ? "Monitoring benchmark smoke run: 4 benchmarks ran; the monitored engine predicts like the bare one and records its metrics when listened to." : "Monitoring benchmark smoke run FAILED.");
            return ok ? 0 : 1;
        }

        // In-process, like the analyzer benchmark: nothing to generate and build, and the model is trained once.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddJob(job));
        return summaries.Any() && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
