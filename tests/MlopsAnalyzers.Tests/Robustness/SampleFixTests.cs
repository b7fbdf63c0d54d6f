using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit.Abstractions;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// Every fix the package offers in the samples (every rule on, heuristics included), applied one at a time and with
/// Fix All in solution scope, leaves each sample compiling without errors.
/// </summary>
public class SampleFixTests
{
    private readonly ITestOutputHelper _output;

    public SampleFixTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task EveryOfferedFixInTheSamplesCompiles()
    {
        var failures = new List<string>();
        var applied = 0;
        foreach (var path in SourceCorpus.SampleProjects())
        {
            var sample = SourceCorpus.LoadSampleProject(path);
            var project = AnalysisRunner.CreateProject(sample.Documents(), sample.References, sample.Kind, NullableContextOptions.Enable, sample.AnalyzerConfigs());
            var before = Errors(await project.GetCompilationAsync());
            Assert.True(before.Count == 0, $"{path} does not compile in memory; teach SourceCorpus.LoadSampleProject its references:\n" + string.Join('\n', before));

            var (diagnostics, exceptions) = await AnalysisRunner.AnalyzeAsync(project);
            Assert.Empty(exceptions);

            var fixAllKeys = new HashSet<(CodeFixProvider Provider, string? Key, DocumentId Document)>();
            var sampleApplied = 0;
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (var (provider, action) in await AnalysisRunner.GetFixesAsync(document, diagnostic))
                {
                    fixAllKeys.Add((provider, action.EquivalenceKey, document.Id));
                    var errors = Errors(await (await AnalysisRunner.ApplyAsync(project.Solution, action)).GetProject(project.Id)!.GetCompilationAsync());
                    sampleApplied++;
                    if (errors.Count > 0)
                    {
                        failures.Add($"{diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: fix '{action.Title}' breaks the build:\n" + string.Join('\n', errors));
                    }
                }
            }

            foreach (var (provider, key, documentId) in fixAllKeys.DistinctBy(k => (k.Provider, k.Key)))
            {
                var fixAll = await AnalysisRunner.GetFixAllAsync(provider, project.GetDocument(documentId)!, key, FixAllScope.Solution, diagnostics);
                if (fixAll is null)
                {
                    continue;
                }

                var errors = Errors(await (await AnalysisRunner.ApplyAsync(project.Solution, fixAll)).GetProject(project.Id)!.GetCompilationAsync());
                sampleApplied++;
                if (errors.Count > 0)
                {
                    failures.Add($"{path}: Fix All of {provider.GetType().Name} ({key}) breaks the build:\n" + string.Join('\n', errors));
                }
            }

            _output.WriteLine($"{path}: {diagnostics.Length} diagnostics, {sampleApplied} fixes applied (Fix All included)");
            applied += sampleApplied;
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(applied > 0, "No fix was offered in any sample: the samples show no fixable rule.");
    }

    private static List<Diagnostic> Errors(Compilation? compilation)
        => compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}
