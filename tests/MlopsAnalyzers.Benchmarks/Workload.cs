using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// A benchmark workload: the generated project parsed once, a fresh compilation of it on demand (so that nothing the
/// compiler or the analyzers cached in one run helps the next), and the check of what the analyzers reported.
/// </summary>
public sealed class Workload
{
    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _exceptions = new();

    private Workload(GeneratedProject project, bool referenceMlNet)
    {
        Project = project;
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = project.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.Name)).ToImmutableArray();
        _references = referenceMlNet ? Net80.AddRange(MlNet.Value) : Net80;
    }

    public GeneratedProject Project { get; }

    public ImmutableArray<SyntaxTree> Trees => _trees;

    /// <summary>Lines of code in the project, for the diagnostic density.</summary>
    public int LineCount => _trees.Sum(t => t.GetText().Lines.Count);

    /// <summary>
    /// Every analyzer of the package, found by reflection as the compiler host finds them (every non-abstract
    /// <see cref="DiagnosticAnalyzer"/> of the assembly, whatever their names and however many rules each reports).
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> MlopsAnalyzers { get; } = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName("MlopsAnalyzers")).GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// The analyzers of another build of MlopsAnalyzers (for example the last release, to compare before and after in
    /// one run), loaded as a compiler host loads an analyzer reference: from its file, in its own load context, so that
    /// it can sit next to the build the benchmark references.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers(string assemblyPath)
    {
        var analyzers = new AnalyzerFileReference(Path.GetFullPath(assemblyPath), new IsolatedLoader())
            .GetAnalyzers(LanguageNames.CSharp)
            .OrderBy(a => a.GetType().FullName, StringComparer.Ordinal)
            .ToImmutableArray();
        return analyzers.Length > 0 ? analyzers : throw new InvalidOperationException($"No analyzer in {assemblyPath}.");
    }

    /// <summary>The rule IDs MlopsAnalyzers report (19 today, with one analyzer per rule or with several rules per analyzer).</summary>
    public static ImmutableHashSet<string> MlopsRuleIds { get; } = MlopsAnalyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .Select(d => d.Id)
        .ToImmutableHashSet(StringComparer.Ordinal);

    public static ImmutableArray<DiagnosticAnalyzer> Baseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

    public static ImmutableArray<DiagnosticAnalyzer> OperationBaseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer(operationAction: true));

    /// <summary>The generated ML.NET project: half smelly files, half clean ones (the smell-dense workload).</summary>
    public static Workload MlNetProject(int fileCount) => Checked(new Workload(ProjectGenerator.MlNet(fileCount), referenceMlNet: true));

    /// <summary>An app with the diagnostic density of real code: one file in 25 smelly, most of the code plain C#.</summary>
    public static Workload RealisticProject(int fileCount) => Checked(new Workload(RealisticProjectGenerator.Generate(fileCount), referenceMlNet: true));

    /// <summary>A project of the same size and shapes that does not reference Microsoft.ML.</summary>
    public static Workload NoMlNetProject(int fileCount) => Checked(new Workload(ProjectGenerator.WithoutMlNet(fileCount), referenceMlNet: false));

    /// <summary>
    /// A fresh compilation of the project (library, optimized, like a Release build), with
    /// <paramref name="diagnosticOptions"/> as the rule severities (as an .editorconfig or <c>AnalysisMode</c> sets them).
    /// </summary>
    public CSharpCompilation CreateCompilation(bool concurrentBuild = true, ImmutableDictionary<string, ReportDiagnostic>? diagnosticOptions = null)
        => CSharpCompilation.Create(
            "Generated",
            _trees,
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, concurrentBuild: concurrentBuild, nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: diagnosticOptions));

    public CompilationWithAnalyzers WithAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true, bool logTime = false, ImmutableDictionary<string, ReportDiagnostic>? diagnosticOptions = null)
        => CreateCompilation(concurrent, diagnosticOptions).WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => _exceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: logTime));

    /// <summary>
    /// Throws unless the compiler reported no error and MlopsAnalyzers exactly the expected number of diagnostics of
    /// each rule, none in a clean file, none of another rule, and no analyzer exception. Returns the total. Other
    /// analyzers' diagnostics (NetAnalyzers', when they run side by side) are not counted.
    /// </summary>
    public int Verify(ImmutableArray<Diagnostic> all, bool expectDiagnostics)
    {
        if (all.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)) is { } error)
        {
            throw new InvalidOperationException("The generated project does not compile: " + error);
        }

        var diagnostics = VerifyNoExceptionAndClean(all);
        var expected = expectDiagnostics ? Project.ExpectedCounts : ImmutableDictionary<string, int>.Empty;
        var actual = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        foreach (var id in expected.Keys.Union(actual.Keys).OrderBy(id => id, StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(id);
            var got = actual.GetValueOrDefault(id);
            if (want != got)
            {
                throw new InvalidOperationException(
                    $"Expected {want:N0} {id} diagnostics on the generated project but found {got:N0}"
                    + (want == 0 ? $" (a rule the generator does not target fired in its smelly files: if right, count it in the generator), e.g. {diagnostics.First(d => d.Id == id)}" : "."));
            }
        }

        return diagnostics.Length;
    }

    /// <summary>
    /// The checks that hold for any part of the project (one document in the editor mode): no analyzer exception, no
    /// diagnostic in a clean file. Returns MlopsAnalyzers' diagnostics.
    /// </summary>
    public ImmutableArray<Diagnostic> VerifyNoExceptionAndClean(ImmutableArray<Diagnostic> all)
    {
        var diagnostics = all.Where(d => MlopsRuleIds.Contains(d.Id) || d.Id == "AD0001").ToImmutableArray();
        var thrown = _exceptions.Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString())).FirstOrDefault();
        if (thrown is not null)
        {
            throw new InvalidOperationException("An analyzer threw: " + thrown);
        }

        var clean = diagnostics.Where(d => IsClean(d.Location.SourceTree)).ToList();
        if (clean.Count > 0)
        {
            throw new InvalidOperationException($"{clean.Count} diagnostics in clean generated files (false positives), e.g. {clean[0]}");
        }

        return diagnostics;
    }

    /// <summary>Whether the file is one the generator wrote to get no diagnostic.</summary>
    public static bool IsClean(SyntaxTree? tree)
        => Path.GetFileName(tree?.FilePath ?? "").StartsWith(GeneratedProject.CleanPrefix, StringComparison.Ordinal);

    private static readonly ImmutableArray<MetadataReference> Net80 =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>Every managed Microsoft.ML*.dll copied next to the benchmark.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> MlNet = new(() =>
    {
        _ = typeof(Microsoft.ML.MLContext);
        var references = Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .Where(IsManaged)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        return references.Length >= 3 ? references : throw new InvalidOperationException("ML.NET assemblies not found next to the benchmark.");
    });

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The generated code must compile: a benchmark over code full of errors measures error recovery.</summary>
    private static Workload Checked(Workload workload)
    {
        var errors = workload.CreateCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count == 0
            ? workload
            : throw new InvalidOperationException($"The generated project has {errors.Count} compiler errors, e.g. {errors[0]}");
    }
}

/// <summary>
/// The baseline: an analyzer that registers nothing, so the driver runs but no rule does. With
/// <c>operationAction</c>, it registers one operation action that does nothing: the driver then builds the operation
/// tree of every method body, which any operation-based analyzer in the build (the .NET SDK's own included) pays for
/// once, whatever the number of such analyzers.
/// </summary>
#pragma warning disable RS1036, RS1041 // A benchmark baseline, not a shipped analyzer.
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyAnalyzer(bool operationAction = false) : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1041
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        if (operationAction)
        {
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
}

public static class AnalysisExtensions
{
    /// <summary>
    /// What a build computes: the compiler's diagnostics (binding every method) and the analyzers' diagnostics, which
    /// the analyzer driver produces from the same compilation events.
    /// </summary>
    public static ImmutableArray<Diagnostic> CompileAndAnalyze(this CompilationWithAnalyzers compilation)
        => compilation.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
}

/// <summary>Loads an analyzer assembly into a context of its own; the compiler and the framework come from the default context.</summary>
internal sealed class IsolatedLoader : System.Runtime.Loader.AssemblyLoadContext, IAnalyzerAssemblyLoader
{
    public IsolatedLoader()
        : base("MlopsAnalyzers (other build)")
    {
    }

    public void AddDependencyLocation(string fullPath)
    {
    }

    public System.Reflection.Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

    protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName assemblyName) => null;
}
