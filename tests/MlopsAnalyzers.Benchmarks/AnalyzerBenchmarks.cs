using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// The whole MlopsAnalyzers set against an analyzer that registers nothing, on the smell-dense generated ML.NET project,
/// on the realistic one (the diagnostic density of real code) and on a project of the smell-dense shapes that does not
/// reference Microsoft.ML. Every iteration compiles and analyzes a fresh
/// compilation, as a build does (an analyzer that registers nothing makes the driver skip analysis, so the baseline is
/// the compiler's own diagnostics pass); each benchmark asserts the compiler reports no error and the exact number of
/// diagnostics of each rule (see <see cref="Workload.Verify"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AnalyzerBenchmarks
{
    public const string MlNet = "ML.NET project";
    public const string Realistic = "Realistic project";
    public const string NoMlNet = "No Microsoft.ML";

    private static Workload? s_mlNet;
    private static Workload? s_realistic;
    private static Workload? s_noMlNet;
    private CompilationWithAnalyzers? _next;

    /// <summary>Files in each generated project (1,000; fewer in the smoke run).</summary>
    public static int FileCount { get; set; } = 1000;

    [GlobalSetup]
    public void GenerateProjects()
    {
        if (s_mlNet?.Project.Files.Length != FileCount)
        {
            s_mlNet = Workload.MlNetProject(FileCount);
            s_realistic = Workload.RealisticProject(FileCount);
            s_noMlNet = Workload.NoMlNetProject(FileCount);
        }
    }

    [IterationSetup(Target = nameof(MlNet_MlopsAnalyzers))]
    public void FreshMlNetWithMlops() => _next = s_mlNet!.WithAnalyzers(Workload.MlopsAnalyzers);

    [IterationSetup(Target = nameof(MlNet_EmptyAnalyzer))]
    public void FreshMlNetWithEmpty() => _next = s_mlNet!.WithAnalyzers(Workload.Baseline);

    [IterationSetup(Target = nameof(Realistic_MlopsAnalyzers))]
    public void FreshRealisticWithMlops() => _next = s_realistic!.WithAnalyzers(Workload.MlopsAnalyzers);

    [IterationSetup(Target = nameof(Realistic_EmptyAnalyzer))]
    public void FreshRealisticWithEmpty() => _next = s_realistic!.WithAnalyzers(Workload.Baseline);

    [IterationSetup(Target = nameof(NoMlNet_MlopsAnalyzers))]
    public void FreshNoMlNetWithMlops() => _next = s_noMlNet!.WithAnalyzers(Workload.MlopsAnalyzers);

    [IterationSetup(Target = nameof(NoMlNet_EmptyAnalyzer))]
    public void FreshNoMlNetWithEmpty() => _next = s_noMlNet!.WithAnalyzers(Workload.Baseline);

    [Benchmark, BenchmarkCategory(MlNet)]
    public int MlNet_MlopsAnalyzers() => s_mlNet!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: true);

    [Benchmark(Baseline = true), BenchmarkCategory(MlNet)]
    public int MlNet_EmptyAnalyzer() => s_mlNet!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: false);

    [Benchmark, BenchmarkCategory(Realistic)]
    public int Realistic_MlopsAnalyzers() => s_realistic!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: true);

    [Benchmark(Baseline = true), BenchmarkCategory(Realistic)]
    public int Realistic_EmptyAnalyzer() => s_realistic!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: false);

    [Benchmark, BenchmarkCategory(NoMlNet)]
    public int NoMlNet_MlopsAnalyzers() => s_noMlNet!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: false);

    [Benchmark(Baseline = true), BenchmarkCategory(NoMlNet)]
    public int NoMlNet_EmptyAnalyzer() => s_noMlNet!.Verify(_next!.CompileAndAnalyze(), expectDiagnostics: false);
}
