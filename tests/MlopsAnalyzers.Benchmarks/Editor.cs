using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// Per-document analysis as an editor runs it: one <see cref="Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzers"/>
/// for the whole realistic project with only MlopsAnalyzers attached (not concurrent, as the IDE creates it), and
/// <c>GetAnalyzerSemanticDiagnosticsAsync(semanticModel, filterSpan: null)</c> for one document at a time, after a
/// warm-up on other documents (the compilation-start actions, the ML.NET metadata). Two samples of documents:
/// <list type="bullet">
/// <item>after the compiler's diagnostics of the same document (the editor computes both, and the analyzers then find its
/// method bodies bound): what the analyzers add per document;</item>
/// <item>analyzers first, on documents nothing has bound yet: the analyzers' call including the binding it causes.</item>
/// </list>
/// For scale, the first sample again with an empty operation action instead of MlopsAnalyzers (what the analyzer driver
/// costs per document whatever the analyzers do), and the compiler's own diagnostics of each document.
/// </summary>
public static class Editor
{
    /// <summary>Measures <paramref name="analyzers"/> (this build's MlopsAnalyzers unless another build is given) on one project.</summary>
    public static int Run(int fileCount, int sampleSize, int warmUp, ImmutableArray<DiagnosticAnalyzer> analyzers = default, string label = "MlopsAnalyzers")
    {
        analyzers = analyzers.IsDefault ? Workload.MlopsAnalyzers : analyzers;
        Console.WriteLine($"Generating and checking the {fileCount:N0}-file realistic project...");
        var workload = Workload.RealisticProject(fileCount);
        var compilation = workload.WithAnalyzers(analyzers, concurrent: false, logTime: true);
        var order = workload.Trees.ToArray();
        new Random(12).Shuffle(order);
        if (order.Length < warmUp + 2 * sampleSize)
        {
            throw new ArgumentException($"{fileCount} files are too few for a warm-up of {warmUp} and two samples of {sampleSize} documents.");
        }

        var diagnostics = 0;
        (double Wall, double Cpu) Analyze(SyntaxTree tree, bool compilerFirst, List<(double Wall, double Cpu)>? compilerTimes = null, Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzers? with = null)
        {
            var analyzed = with ?? compilation;
            var model = analyzed.Compilation.GetSemanticModel(tree);
            if (compilerFirst)
            {
                var compiler = Ratios.TimeWithCpu(() => model.GetDiagnostics());
                compilerTimes?.Add(compiler);
            }

            var found = default(System.Collections.Immutable.ImmutableArray<Diagnostic>);
            var analyzers = Ratios.TimeWithCpu(() => found = analyzed.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult());
            // Not the exact counts of the whole-project check: a rule may report at compilation end, which no single
            // document's analysis runs.
            diagnostics += workload.VerifyNoExceptionAndClean(found).Length;
            return analyzers;
        }

        foreach (var tree in order.Take(warmUp))
        {
            Analyze(tree, compilerFirst: true);
        }

        var warmUpTelemetry = Telemetry(compilation, analyzers);
        var compiler = new List<(double Wall, double Cpu)>();
        var afterCompiler = order.Skip(warmUp).Take(sampleSize).Select(t => Analyze(t, compilerFirst: true, compiler)).ToList();
        var unbound = order.Skip(warmUp + sampleSize).Take(sampleSize).Select(t => Analyze(t, compilerFirst: false)).ToList();
        var sampleTelemetry = Telemetry(compilation, analyzers).Select(t => (Analyzer: t.Key, Ms: t.Value - warmUpTelemetry[t.Key])).OrderByDescending(t => t.Ms).ToList();
        var sampled = order.Skip(warmUp).Take(2 * sampleSize).ToList();

        // The driver's own per-document cost: the same documents with an empty operation action instead of MlopsAnalyzers.
        var baseline = workload.WithAnalyzers(Workload.OperationBaseline, concurrent: false);
        foreach (var tree in order.Take(warmUp))
        {
            Analyze(tree, compilerFirst: true, with: baseline);
        }

        var baselineTimes = order.Skip(warmUp).Take(sampleSize).Select(t => Analyze(t, compilerFirst: true, with: baseline)).ToList();

        Console.WriteLine();
        Console.WriteLine($"Per document, {fileCount:N0}-file realistic project, {label}: {analyzers.Length} analyzers ({Workload.MlopsRuleIds.Count} rules), "
            + $"warm-up {warmUp} documents, 2 samples of {sampleSize} documents ({sampled.Count(t => !Workload.IsClean(t))} smelly, "
            + $"{sampled.Count(t => Workload.IsClean(t) && t.GetText().ToString().Contains("using Microsoft.ML;", StringComparison.Ordinal))} clean ML.NET ones), "
            + $"{diagnostics} MlopsAnalyzers diagnostics (.NET {Environment.Version}, {Environment.ProcessorCount} cores):");
        Console.WriteLine();
        Console.WriteLine("| Per document (ms) | Median | p90 | Max | CPU: median | CPU: p90 | Target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        Row("GetAnalyzerSemanticDiagnosticsAsync, MlopsAnalyzers, after the compiler's diagnostics of the document", afterCompiler, "median < 10 ms");
        Row("GetAnalyzerSemanticDiagnosticsAsync, MlopsAnalyzers, on a document not bound yet", unbound, "");
        Row("GetAnalyzerSemanticDiagnosticsAsync, an empty operation action instead (the driver's own cost), after the compiler's diagnostics", baselineTimes, "");
        Row("The compiler's semantic diagnostics of the document (GetDiagnostics), for scale", compiler, "");
        Console.WriteLine();
        Console.WriteLine($"MlopsAnalyzers' own execution time over the {2 * sampleSize} sampled documents, per document (telemetry): "
            + string.Join("; ", sampleTelemetry.Take(8).Select(t => $"{Ratios.Describe(t.Analyzer)} {t.Ms / (2 * sampleSize):N2} ms"))
            + $"; all {sampleTelemetry.Sum(t => t.Ms) / (2 * sampleSize):N2} ms.");
        return 0;
    }

    private static Dictionary<DiagnosticAnalyzer, double> Telemetry(CompilationWithAnalyzers compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        => analyzers.ToDictionary(
            a => a,
            a => compilation.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);

    private static void Row(string name, List<(double Wall, double Cpu)> times, string target)
    {
        var wall = times.Select(t => t.Wall).ToList();
        var cpu = times.Select(t => t.Cpu).ToList();
        Console.WriteLine($"| {name} | {Ratios.Median(wall):N2} | {Ratios.Percentile(wall, 0.9):N2} | {wall.Max():N2} | {Ratios.Median(cpu):N2} | {Ratios.Percentile(cpu, 0.9):N2} | {target} |");
    }
}
