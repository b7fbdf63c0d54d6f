using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>The short forms most tests use. Expected diagnostics are written as markup in the source.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Asserts exactly the diagnostics marked in a library <paramref name="source"/> (none when unmarked).</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
        => Run(new AnalyzerTest<TAnalyzer> { TestCode = source }, expected);

    /// <summary>Same, for a console program with top-level statements.</summary>
    public static Task ProgramAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return Run(test, expected);
    }

    /// <summary>
    /// For code being typed: compiler errors are expected and ignored; the analyzer must not throw (an exception
    /// fails the test as AD0001) and must report exactly the marked diagnostics.
    /// </summary>
    public static Task IncompleteCodeAsync(string source, params DiagnosticResult[] expected)
        => Run(new AnalyzerTest<TAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None }, expected);

    /// <summary>Without Microsoft.ML referenced, the analyzer reports nothing, whatever the source looks like.</summary>
    public static Task WithoutMlNetAsync(string source)
        => Run(new AnalyzerTest<TAnalyzer>(referenceMlNet: false) { TestCode = source }, System.Array.Empty<DiagnosticResult>());

    /// <summary>
    /// Applies the fix to every marked diagnostic, one at a time and with Fix All (document, project, solution), and
    /// compares with <paramref name="fixedSource"/>; the fixed code must compile without errors. Pass the source itself
    /// as <paramref name="fixedSource"/> to assert that no fix is offered. With <paramref name="referenceAbstractions"/>,
    /// the project references the runtime library (MlopsAnalyzers.Abstractions).
    /// </summary>
    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, string? editorConfig = null, bool program = false, bool referenceAbstractions = false)
        where TCodeFix : CodeFixProvider, new()
        => CodeFixAsync<TCodeFix>(referenceAbstractions ? TestLibraries.Abstractions : TestLibraries.None, source, fixedSource, editorConfig, program);

    /// <summary>As <see cref="AnalyzerAsync(string, DiagnosticResult[])"/>, with extra libraries referenced (the runtime library, cloud SDKs).</summary>
    public static Task AnalyzerAsync(TestLibraries libraries, string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = source };
        libraries.AddTo(test.TestState);
        return Run(test, expected);
    }

    /// <summary>As <see cref="CodeFixAsync{TCodeFix}(string, string, string?, bool)"/>, with extra libraries referenced before and after the fix.</summary>
    public static Task CodeFixAsync<TCodeFix>(TestLibraries libraries, string source, string fixedSource, string? editorConfig = null, bool program = false)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        libraries.AddTo(test.TestState);
        libraries.AddTo(test.FixedState);
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        }

        if (program)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        }

        return test.RunAsync();
    }

    private static Task Run(AnalyzerTest<TAnalyzer> test, DiagnosticResult[] expected)
    {
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
