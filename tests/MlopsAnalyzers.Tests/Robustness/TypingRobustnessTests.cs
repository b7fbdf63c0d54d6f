using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// Every analyzer and code fix over every prefix (by line) of every rule-test snippet, sample source and syntax-zoo
/// piece, as if the code were being typed: no analyzer may throw (AD0001) and no fix may throw, on any prefix. On the
/// whole text, Fix All (document scope) runs too. One theory case per rule test file, sample project and zoo piece.
/// </summary>
/// <remarks>
/// Cost stays bounded as rules, tests and samples are added (each prefix is a compilation plus every analyzer, about
/// 20-60 ms of CPU): a source of up to <see cref="MaxPrefixesPerSource"/> lines is typed line by line, a longer one
/// with an even stride that keeps it to about that many prefixes; identical compilations (snippets of one file share
/// their first lines) are analyzed once; and one corpus analyzes at most <see cref="MaxPartialPrefixesPerCorpus"/>
/// partial prefixes, evenly spread over its sources, besides the whole text of every source, which always runs.
/// </remarks>
public class TypingRobustnessTests
{
    public const int MaxPrefixesPerSource = 40;

    public const int MaxPartialPrefixesPerCorpus = 120;

    private readonly ITestOutputHelper _output;

    public TypingRobustnessTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Corpora()
    {
        var data = new TheoryData<string>();
        foreach (var file in SourceCorpus.RuleTestFiles())
        {
            data.Add(file);
        }

        foreach (var project in SourceCorpus.SampleProjects())
        {
            data.Add(project);
        }

        foreach (var piece in SyntaxZoo.All)
        {
            data.Add("zoo:" + piece.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task NoAnalyzerOrFixThrowsOnAnyPrefix(string corpus)
    {
        var sources = Load(corpus).ToList();
        Assert.NotEmpty(sources);

        var result = await RunAsync(sources);
        _output.WriteLine($"{corpus}: {sources.Count} sources, {result.Prefixes} prefixes analyzed, {result.Diagnostics} diagnostics, {result.FixesApplied} fixes and {result.FixAllApplied} Fix All applied, in {result.Elapsed.TotalSeconds:0.0} s ({result.ProcessCpu.TotalSeconds:0.0} s of CPU in the test process, other tests included)");

        Assert.True(result.Failures.IsEmpty, $"{result.Failures.Length} failures in {corpus}; the first ones:\n\n" + string.Join("\n\n", result.Failures.Take(5)));

        if (corpus == "zoo:" + nameof(SyntaxZoo.GeneratedCode))
        {
            // Smelly, but generated: the rules skip it.
            Assert.Equal(0, result.Diagnostics);
        }
        else if (!corpus.EndsWith(".csproj", StringComparison.Ordinal) || sources.Any(s => AnnouncesASmell(s)))
        {
            // Not vacuous: the analyzers found something in this corpus, so their code paths ran. (A sample that
            // announces no smell, such as the compliant training/serving pair, rightly gets nothing.)
            Assert.True(result.Diagnostics > 0, $"No analyzer reported anything on {corpus}: is it C# that uses ML.NET?");
        }
    }

    private static bool AnnouncesASmell(CorpusSource source)
        => System.Text.RegularExpressions.Regex.IsMatch(source.Text, @"^\s*//\s*MLOPS\d{3}:", System.Text.RegularExpressions.RegexOptions.Multiline);

    [Fact]
    public async Task EveryZooPieceCompiles()
    {
        // The zoo is only worth typing if its whole text binds: errors would hide the semantic paths.
        foreach (var (name, fileName, text) in SyntaxZoo.All)
        {
            var source = SourceCorpus.ForSnippet(name, text, fileName);
            var project = AnalysisRunner.CreateProject(source.Documents, source.References, source.Kind, source.Nullable);
            var compilation = await project.GetCompilationAsync();
            var errors = compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{name}:\n" + string.Join('\n', errors));
        }
    }

    public static IEnumerable<CorpusSource> Load(string corpus)
    {
        if (corpus.StartsWith("zoo:", StringComparison.Ordinal))
        {
            var piece = SyntaxZoo.All.Single(p => "zoo:" + p.Name == corpus);
            return new[] { SourceCorpus.ForSnippet(corpus, piece.Text, piece.FileName) };
        }

        return corpus.EndsWith(".csproj", StringComparison.Ordinal) ? SourceCorpus.SourcesOf(corpus) : SourceCorpus.SnippetsOf(corpus);
    }

    /// <summary>The line counts of the prefixes to analyze: all for a short source, an even stride and the whole text for a long one.</summary>
    public static IEnumerable<int> PrefixLineCounts(int lineCount)
    {
        var stride = Math.Max(1, (lineCount + MaxPrefixesPerSource - 1) / MaxPrefixesPerSource);
        for (var count = stride; count < lineCount; count += stride)
        {
            yield return count;
        }

        yield return lineCount;
    }

    public sealed record RunResult(int Prefixes, int Diagnostics, int FixesApplied, int FixAllApplied, ImmutableArray<string> Failures, TimeSpan Elapsed, TimeSpan ProcessCpu);

    public static async Task<RunResult> RunAsync(IReadOnlyList<CorpusSource> sources)
    {
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new ConcurrentQueue<string>();
        int prefixes = 0, diagnostics = 0, fixes = 0, fixAlls = 0;

        var jobs = SelectJobs(sources);
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (job, cancellationToken) =>
        {
            var where = $"{job.Source.Name}, first {SourceText.From(job.Prefix).Lines.Count} lines";
            try
            {
                var project = await AnalysisRunner.ForkAsync(job.Source, job.Prefix);
                var (found, exceptions) = await AnalysisRunner.AnalyzeAsync(project, cancellationToken);
                Interlocked.Increment(ref prefixes);
                Interlocked.Add(ref diagnostics, found.Length);
                foreach (var exception in exceptions)
                {
                    failures.Enqueue($"{where}: analyzer exception\n{exception}\n--- source ---\n{Tail(job.Prefix)}");
                }

                var document = project.Documents.Single(d => d.FilePath == job.Source.TypedPath);
                var inDocument = found.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToImmutableArray();
                var keys = new HashSet<(CodeFixProvider, string?)>();
                foreach (var diagnostic in inDocument)
                {
                    foreach (var (provider, action) in await Guard(failures, $"{where}: {diagnostic.Id} fix registration", job.Prefix, () => AnalysisRunner.GetFixesAsync(document, diagnostic, cancellationToken), ImmutableArray<(CodeFixProvider, Microsoft.CodeAnalysis.CodeActions.CodeAction)>.Empty))
                    {
                        keys.Add((provider, action.EquivalenceKey));
                        if (await Guard<Solution?>(failures, $"{where}: {diagnostic.Id} fix '{action.Title}'", job.Prefix, async () => await AnalysisRunner.ApplyAsync(project.Solution, action, cancellationToken), null) is not null)
                        {
                            Interlocked.Increment(ref fixes);
                        }
                    }
                }

                if (job.Whole)
                {
                    foreach (var (provider, key) in keys)
                    {
                        var fixAll = await Guard(failures, $"{where}: Fix All of {provider.GetType().Name} ({key})", job.Prefix, () => AnalysisRunner.GetFixAllAsync(provider, document, key, FixAllScope.Document, inDocument, cancellationToken), null);
                        if (fixAll is not null && await Guard<Solution?>(failures, $"{where}: applying Fix All of {provider.GetType().Name} ({key})", job.Prefix, async () => await AnalysisRunner.ApplyAsync(project.Solution, fixAll, cancellationToken), null) is not null)
                        {
                            Interlocked.Increment(ref fixAlls);
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                failures.Enqueue($"{where}: {exception}\n--- source ---\n{Tail(job.Prefix)}");
            }
        });

        return new RunResult(prefixes, diagnostics, fixes, fixAlls, failures.ToImmutableArray(), stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>The compilations to analyze: every source's whole text, and its line prefixes within the budgets.</summary>
    public static List<(CorpusSource Source, string Prefix, bool Whole)> SelectJobs(IReadOnlyList<CorpusSource> sources)
    {
        var whole = new List<(CorpusSource, string, bool)>();
        var partial = new List<(CorpusSource, string, bool)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var lines = SourceText.From(source.Text).Lines;
            foreach (var count in PrefixLineCounts(lines.Count))
            {
                var isWhole = count == lines.Count;
                var prefix = isWhole ? source.Text : source.Text.Substring(0, lines[count - 1].EndIncludingLineBreak);

                // Snippets of one file share their first lines: each distinct compilation is analyzed once.
                var key = source.ShapeKey + "|" + string.Join("|", source.Documents.Select(d => d.Path == source.TypedPath ? prefix : d.Text));
                if (isWhole)
                {
                    seen.Add(key);
                    whole.Add((source, prefix, true));
                }
                else if (seen.Add(key))
                {
                    partial.Add((source, prefix, false));
                }
            }
        }

        // Evenly spread over the corpus, in source order, when over budget.
        var step = Math.Max(1.0, partial.Count / (double)MaxPartialPrefixesPerCorpus);
        var kept = Enumerable.Range(0, Math.Min(partial.Count, MaxPartialPrefixesPerCorpus)).Select(i => partial[(int)(i * step)]);
        return whole.Concat(kept).ToList();
    }

    private static async Task<T> Guard<T>(ConcurrentQueue<string> failures, string what, string source, Func<Task<T>> action, T fallback)
    {
        try
        {
            return await action();
        }
        catch (Exception exception)
        {
            failures.Enqueue($"{what} threw {exception}\n--- source ---\n{Tail(source)}");
            return fallback;
        }
    }

    private static string Tail(string source)
    {
        var lines = source.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 8)));
    }
}
