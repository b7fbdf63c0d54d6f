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
}
