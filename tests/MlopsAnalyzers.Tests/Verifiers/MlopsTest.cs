using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>Sets up every test the same way: framework and ML.NET references, C# latest, no network.</summary>
internal static class MlopsTestSetup
{
    public static void Configure(SolutionState state, bool referenceMlNet)
    {
        state.AdditionalReferences.AddRange(TestReferences.Net80);
        if (referenceMlNet)
        {
            state.AdditionalReferences.AddRange(TestReferences.MlNet);
        }
    }

    /// <summary>For a test of one rule of a family (<see cref="SingleRuleAnalyzer{TFamily}"/>), switches the family's other rules off.</summary>
    public static void DisableOtherRules<TAnalyzer>(System.Collections.Generic.List<string> disabled)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        if (new TAnalyzer() is ISingleRuleAnalyzer rule)
        {
            disabled.AddRange(rule.OtherRuleIds);
        }
    }
}

/// <summary>An analyzer test with the project's references. Use markup: <c>{|MLOPS301:new MLContext()|}</c>.</summary>
public class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest(bool referenceMlNet = true)
    {
        ReferenceAssemblies = TestReferences.None;
        MlopsTestSetup.Configure(TestState, referenceMlNet);
        MlopsTestSetup.DisableOtherRules<TAnalyzer>(DisabledDiagnostics);
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp12;

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
}

/// <summary>
/// A code-fix test with the project's references. Besides the single fix it runs Fix All in document, project and
/// solution scope, and fails when the fixed code has compiler errors (<see cref="CompilerDiagnostics.Errors"/>).
/// Both sides compile with the nullable context enabled (<c>&lt;Nullable&gt;enable</c>), and the test fails when the
/// fixed code has a compiler warning the code before the fix did not have (<see cref="FixWarnings"/>): a fix must not
/// break a build with warnings as errors.
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest()
    {
        ReferenceAssemblies = TestReferences.None;
        MlopsTestSetup.Configure(TestState, referenceMlNet: true);
        MlopsTestSetup.Configure(FixedState, referenceMlNet: true);
        MlopsTestSetup.DisableOtherRules<TAnalyzer>(DisabledDiagnostics);
        CompilerDiagnostics = CompilerDiagnostics.Errors;
        if (new TAnalyzer() is ISingleRuleAnalyzer { IsCompilationEnd: true })
        {
            // A compilation-end diagnostic is never local to a member: its fix is offered from the build's results.
            CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp12;

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

    /// <summary>The nullable context is enabled from C# 8, the first version that has one.</summary>
    protected override CompilationOptions CreateCompilationOptions()
        => LanguageVersion >= LanguageVersion.CSharp8
            ? ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable)
            : base.CreateCompilationOptions();

    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        await base.RunImplAsync(cancellationToken);

        // The fixed sources were just checked to be FixedState's: compare their compiler warnings with the test code's.
        // Documentation comments parsed but not required (CS1591): a project without GenerateDocumentationFile, the SDK default.
        var parseOptions = ((CSharpParseOptions)CreateParseOptions()).WithDocumentationMode(DocumentationMode.Parse);
        var compilationOptions = (CSharpCompilationOptions)CreateCompilationOptions();
        var added = FixWarnings.Added(
            FixWarnings.Compile(TestState, TestState, parseOptions, compilationOptions),
            FixWarnings.Compile(FixedState, TestState, parseOptions, compilationOptions));
        if (added.Count > 0)
        {
            throw new InvalidOperationException(
                "The fix adds compiler warnings (nullable context enabled) the code did not have:" + Environment.NewLine
                + string.Join(Environment.NewLine, added));
        }
    }
}

/// <summary>
/// The compiler warnings of a test's sources before and after its fix, compiled outside the test framework with the
/// nullable context enabled: what <c>&lt;Nullable&gt;enable</c> and <c>&lt;TreatWarningsAsErrors&gt;</c> would
/// report on a real build. Warnings are compared by ID and message (positions move with the fix).
/// </summary>
internal static class FixWarnings
{
    // Test markup: {|ID:...|}, {|#0:...|}, [|...|] and $$ (see Microsoft.CodeAnalysis.Testing's markup).
    private static readonly Regex Markup = new(@"\{\|[^:{}|\s]*:|\|\}|\[\||\|\]|\$\$", RegexOptions.CultureInvariant);

    public static string StripMarkup(string source) => Markup.Replace(source, string.Empty);

    /// <summary>Every warning and error of <paramref name="state"/>'s projects: "ID: message", and the same with its place for the report.</summary>
    public static List<(string Key, string Display)> Compile(SolutionState state, SolutionState inheritFrom, CSharpParseOptions parseOptions, CSharpCompilationOptions options)
    {
        var sources = state.Sources.Count > 0 ? state.Sources : inheritFrom.Sources;
        var references = state.AdditionalReferences.Count > 0 ? state.AdditionalReferences : inheritFrom.AdditionalReferences;
        var outputKind = state.OutputKind ?? inheritFrom.OutputKind ?? OutputKind.DynamicallyLinkedLibrary;
        var additional = state.AdditionalProjects.Count > 0 ? state.AdditionalProjects : inheritFrom.AdditionalProjects;

        var compilations = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
        var primaryName = "TestProject";
        CSharpCompilation CompileProject(string name, IEnumerable<(string, SourceText)> files, IEnumerable<MetadataReference> metadata, IEnumerable<string> projectReferences, OutputKind kind)
        {
            if (compilations.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var referenced = new List<MetadataReference>(metadata);
            foreach (var reference in projectReferences)
            {
                if (reference == primaryName)
                {
                    referenced.Add(CompileProject(primaryName, sources, references, state.AdditionalProjectReferences, outputKind).ToMetadataReference());
                }
                else if (additional.TryGetValue(reference, out var project))
                {
                    referenced.Add(CompileProject(reference, project.Sources, project.AdditionalReferences, project.AdditionalProjectReferences, project.OutputKind ?? OutputKind.DynamicallyLinkedLibrary).ToMetadataReference());
                }
            }

            var trees = files.Select(f => CSharpSyntaxTree.ParseText(StripMarkup(f.Item2.ToString()), parseOptions, f.Item1));
            var compilation = CSharpCompilation.Create(name, trees, referenced, options.WithOutputKind(kind));
            compilations[name] = compilation;
            return compilation;
        }

        CompileProject(primaryName, sources, references, state.AdditionalProjectReferences, outputKind);
        foreach (var project in additional)
        {
            CompileProject(project.Key, project.Value.Sources, project.Value.AdditionalReferences, project.Value.AdditionalProjectReferences, project.Value.OutputKind ?? OutputKind.DynamicallyLinkedLibrary);
        }

        return compilations.Values
            .SelectMany(c => c.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => (
                $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}",
                $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} at {Path.GetFileName(d.Location.SourceTree?.FilePath ?? string.Empty)}: '{d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan)}'"))
            .ToList();
    }

    /// <summary>The diagnostics of <paramref name="after"/> that <paramref name="before"/> does not have, by ID and message.</summary>
    public static List<string> Added(List<(string Key, string Display)> before, List<(string Key, string Display)> after)
    {
        var remaining = before.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var (key, display) in after)
        {
            if (remaining.TryGetValue(key, out var count) && count > 0)
            {
                remaining[key] = count - 1;
            }
            else
            {
                added.Add(display);
            }
        }

        return added;
    }
}
