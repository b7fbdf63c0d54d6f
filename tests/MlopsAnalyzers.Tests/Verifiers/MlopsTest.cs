using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>Sets up every test the same way: framework and ML.NET references, C# latest, no network.</summary>
internal static class MlopsTestSetup
{
    public static void Configure(SolutionState state, bool referenceMlNet, bool referenceAbstractions = false)
    {
        state.AdditionalReferences.AddRange(TestReferences.Net80);
        if (referenceMlNet)
        {
            state.AdditionalReferences.AddRange(TestReferences.MlNet);
        }

        if (referenceAbstractions)
        {
            // The runtime library: fixes that rewrite code to it are offered only when a project references it.
            state.AdditionalReferences.Add(TestReferences.Abstractions);
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
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp12;

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
}

/// <summary>
/// A code-fix test with the project's references. Besides the single fix it runs Fix All in document, project and
/// solution scope, and fails when the fixed code has compiler errors (<see cref="CompilerDiagnostics.Errors"/>).
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest(bool referenceAbstractions = false)
    {
        ReferenceAssemblies = TestReferences.None;
        MlopsTestSetup.Configure(TestState, referenceMlNet: true, referenceAbstractions);
        MlopsTestSetup.Configure(FixedState, referenceMlNet: true, referenceAbstractions);
        CompilerDiagnostics = CompilerDiagnostics.Errors;
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp12;

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
}
