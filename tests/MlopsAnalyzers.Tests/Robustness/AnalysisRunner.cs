using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlopsAnalyzers.Tests.Documentation;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// Runs every analyzer and code fix of the package, found by reflection (<see cref="RuleInventory"/>), over a
/// workspace the way an IDE does: analyzer exceptions are caught and returned, and fixes are applied through their
/// operations, so that a fix that throws anywhere (registration, computing the change, simplifying or formatting it)
/// surfaces as an exception here.
/// </summary>
public static class AnalysisRunner
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = RuleInventory.Analyzers.ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = RuleInventory.CodeFixes.ToImmutableArray();

    /// <summary>Every rule on, heuristics included, so that every analyzer and fix has something to do.</summary>
    public static CSharpCompilationOptions CompilationOptions(OutputKind kind, NullableContextOptions nullable)
        => new CSharpCompilationOptions(kind, nullableContextOptions: nullable, allowUnsafe: true)
            .WithSpecificDiagnosticOptions(RuleInventory.Rules.Select(r => new KeyValuePair<string, ReportDiagnostic>(r.Id, ReportDiagnostic.Warn)));

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A solution with one project: the documents (path, text) and the analyzer config files given.</summary>
    public static Project CreateProject(
        IEnumerable<(string Path, string Text)> documents,
        IEnumerable<MetadataReference> references,
        OutputKind kind,
        NullableContextOptions nullable,
        IEnumerable<(string Path, string Text)>? analyzerConfigs = null)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Robustness", "Robustness", LanguageNames.CSharp,
            compilationOptions: CompilationOptions(kind, nullable),
            parseOptions: ParseOptions,
            metadataReferences: references));
        foreach (var (path, text) in documents)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        foreach (var (path, text) in analyzerConfigs ?? Array.Empty<(string, string)>())
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>
    /// The project of a source with <paramref name="typedText"/> in its typed document. Projects are forked from one
    /// base per shape (<see cref="CorpusSource.ShapeKey"/>), compiled once, so that every fork reuses its bound
    /// references (binding ML.NET and the framework afresh for each prefix would cost more than analyzing it).
    /// </summary>
    public static async Task<Project> ForkAsync(CorpusSource source, string typedText)
    {
        var baseProject = await Bases.GetOrAdd(source.ShapeKey, _ => new Lazy<Task<Project>>(() => CreateBaseAsync(source))).Value.ConfigureAwait(false);
        var solution = baseProject.Solution;
        foreach (var document in baseProject.Documents)
        {
            var text = document.FilePath == source.TypedPath ? typedText : source.Documents.Single(d => d.Path == document.FilePath).Text;
            if ((await document.GetTextAsync().ConfigureAwait(false)).ToString() != text)
            {
                solution = solution.WithDocumentText(document.Id, SourceText.From(text));
            }
        }

        return solution.GetProject(baseProject.Id)!;
    }

    private static readonly ConcurrentDictionary<string, Lazy<Task<Project>>> Bases = new(StringComparer.Ordinal);

    private static async Task<Project> CreateBaseAsync(CorpusSource source)
    {
        var project = CreateProject(source.Documents, source.References, source.Kind, source.Nullable, source.AnalyzerConfigs);
        var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
        _ = compilation!.GetDiagnostics();
        return project;
    }

    /// <summary>Every analyzer over the project; exceptions thrown by an analyzer are returned, not thrown.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions)> AnalyzeAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(diagnostic.ToString());
        }

        return (diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray(), exceptions.Distinct().ToImmutableArray());
    }

    /// <summary>The code actions every fix registers for a diagnostic, nested actions flattened.</summary>
    public static async Task<ImmutableArray<(CodeFixProvider Provider, CodeAction Action)>> GetFixesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        var actions = ImmutableArray.CreateBuilder<(CodeFixProvider, CodeAction)>();
        foreach (var provider in CodeFixes.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var registered = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => registered.Add(action), cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            foreach (var action in registered.SelectMany(Flatten))
            {
                actions.Add((provider, action));
            }
        }

        return actions.ToImmutable();
    }

    /// <summary>Applies an action as a host does (its operations, then the changed documents' text and syntax).</summary>
    public static async Task<Solution> ApplyAsync(Solution solution, CodeAction action, CancellationToken cancellationToken = default)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution ?? solution;
        foreach (var projectChanges in changed.GetChanges(solution).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments())
            {
                var document = changed.GetDocument(id)!;
                await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    /// <summary>The Fix All action of a provider for one equivalence key in the given scope, or null when it has none.</summary>
    public static async Task<CodeAction?> GetFixAllAsync(
        CodeFixProvider provider,
        Document document,
        string? equivalenceKey,
        FixAllScope scope,
        ImmutableArray<Diagnostic> diagnostics,
        CancellationToken cancellationToken = default)
    {
        if (provider.GetFixAllProvider() is not { } fixAll || !fixAll.GetSupportedFixAllScopes().Contains(scope))
        {
            return null;
        }

        var context = new FixAllContext(
            document,
            provider,
            scope,
            equivalenceKey,
            provider.FixableDiagnosticIds,
            new FixedDiagnostics(diagnostics),
            cancellationToken);
        return await fixAll.GetFixAsync(context).ConfigureAwait(false);
    }

    private static IEnumerable<CodeAction> Flatten(CodeAction action)
        => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);

    /// <summary>Hands Fix All the diagnostics already computed, by document.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return _diagnostics.Where(d => d.Location.SourceTree?.FilePath == tree?.FilePath);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(_diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
