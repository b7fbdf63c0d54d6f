using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>
/// Tests of the test harness itself: a code-fix test must fail when the fixed code does not compile, and an
/// analyzer that throws must fail its test (AD0001), so that passing rule tests mean what they say.
/// </summary>
public class HarnessTests
{
    /// <summary>
    /// The ML.NET assemblies every test compilation references are those of the Microsoft.ML package NuGet resolved for
    /// this test project (5.0.1, or the version given with -p:MlNetVersion), so a run against another ML.NET version
    /// really analyzes code against that version's symbols.
    /// </summary>
    [Fact]
    public void TestCompilationsReferenceTheRestoredMlNetVersion()
    {
        var depsFile = System.IO.Path.Combine(AppContext.BaseDirectory, typeof(HarnessTests).Assembly.GetName().Name + ".deps.json");
        using var deps = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(depsFile));
        var package = System.Linq.Enumerable.Single(
            deps.RootElement.GetProperty("libraries").EnumerateObject(),
            l => l.Name.StartsWith("Microsoft.ML/", StringComparison.OrdinalIgnoreCase));
        var restored = package.Name.Substring("Microsoft.ML/".Length);

        var data = System.Linq.Enumerable.Single(
            TestReferences.MlNet,
            r => System.IO.Path.GetFileName(((PortableExecutableReference)r).FilePath) == "Microsoft.ML.Data.dll");
        var product = System.Diagnostics.FileVersionInfo.GetVersionInfo(((PortableExecutableReference)data).FilePath!).ProductVersion ?? "";
        Assert.Equal(restored, product.Split('+')[0]);
    }

    [Fact]
    public async Task AFixThatBreaksCompilationFailsTheTest()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Verify<FlagReturnOneAnalyzer>.CodeFixAsync<BreakingFix>(
            "class C { int M() { {|TEST001:return 1;|} } }",
            "class C { int M() { return \"one\"; } }"));
        Assert.True(error.ToString().Contains("CS0029", StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task AFixThatAddsANullableWarningFailsTheTest()
    {
        // Compiles, but dereferences a maybe-null value: CS8602 under <Nullable>enable, an error with warnings as errors.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Verify<FlagReturnOneAnalyzer>.CodeFixAsync<MaybeNullFix>(
            "class C { int M(string? s) { {|TEST001:return 1;|} } }",
            "class C { int M(string? s) { return s.Length; } }"));
        Assert.True(error.ToString().Contains("CS8602", StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public Task AWarningTheCodeAlreadyHadDoesNotFailTheTest()
        => Verify<FlagReturnOneAnalyzer>.CodeFixAsync<MaybeNullFix>(
            "class C { int M(string? s) { _ = s.Length; {|TEST001:return 1;|} } }",
            "class C { int M(string? s) { _ = s.Length; return s.Length; } }");

    [Fact]
    public async Task AnAnalyzerExceptionFailsTheTest()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Verify<ThrowingAnalyzer>.AnalyzerAsync("class C { }"));
        Assert.Contains("AD0001", error.Message, StringComparison.Ordinal);
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FlagReturnOneAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor Rule = new("TEST001", "t", "m", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    if (((ReturnStatementSyntax)c.Node).Expression is LiteralExpressionSyntax { Token.ValueText: "1" })
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation()));
                    }
                },
                SyntaxKind.ReturnStatement);
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    public sealed class BreakingFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
            var statement = (ReturnStatementSyntax)root!.FindNode(context.Span);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "break it",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(
                        statement.Expression!,
                        SyntaxFactory.ParseExpression("\"one\"").WithTriviaFrom(statement.Expression!)))),
                    "break"),
                context.Diagnostics);
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    public sealed class MaybeNullFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
            var statement = (ReturnStatementSyntax)root!.FindNode(context.Span);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "dereference s",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(
                        statement.Expression!,
                        SyntaxFactory.ParseExpression("s.Length").WithTriviaFrom(statement.Expression!)))),
                    "deref"),
                context.Diagnostics);
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(FlagReturnOneAnalyzer.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("boom"), SyntaxKind.ClassDeclaration);
        }
    }
}
