using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlopsAnalyzers.Tests.Documentation;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>
/// One C# source to analyze as if typed: the compilation it belongs to (its documents, references, analyzer config
/// files, output kind) and the path of the document that is typed while the others stay whole.
/// </summary>
public sealed record CorpusSource(
    string Name,
    string TypedPath,
    ImmutableArray<(string Path, string Text)> Documents,
    ImmutableArray<MetadataReference> References,
    ImmutableArray<(string Path, string Text)> AnalyzerConfigs,
    OutputKind Kind,
    NullableContextOptions Nullable)
{
    public string Text => Documents.Single(d => d.Path == TypedPath).Text;

    /// <summary>Sources with the same shape (document paths, references, configs, options) can share one bound compilation.</summary>
    public string ShapeKey => string.Join("|", new[] { Kind.ToString(), Nullable.ToString() }
        .Concat(Documents.Select(d => d.Path))
        .Concat(AnalyzerConfigs.Select(c => c.Path + "=" + c.Text))
        .Concat(References.Select(r => r.Display ?? "")));
}

/// <summary>
/// The C# the robustness tests run the analyzers over, found afresh on every run so that new rules, tests and samples
/// are covered without a list to keep: the snippets of every rule test file, every sample source, and the syntax zoo.
/// </summary>
public static class SourceCorpus
{
    private static readonly Regex MarkupOpen = new(@"\{\|[A-Za-z0-9#_]*:|\[\|", RegexOptions.Compiled);
    private static readonly Regex MarkupClose = new(@"\|\}|\|\]", RegexOptions.Compiled);

    /// <summary>The implicit usings of an SDK project with <c>ImplicitUsings</c> enabled.</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;

        """;

    /// <summary>The source stubs of ML.NET packages the tests do not reference (<see cref="Stubs"/>), by name.</summary>
    public static ImmutableArray<(string Name, string Text)> StubSources { get; } = typeof(Stubs)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
        .ToImmutableArray();

    /// <summary>The rule test files, relative to the repository root.</summary>
    public static IEnumerable<string> RuleTestFiles()
        => Directory.EnumerateFiles(Path.Combine(RuleInventory.RepositoryRoot, "tests", "MlopsAnalyzers.Tests", "Rules"), "*.cs", SearchOption.AllDirectories)
            .Select(RelativePath)
            .OrderBy(p => p, StringComparer.Ordinal);

    /// <summary>
    /// The sample projects (folders under samples/ with a csproj), relative to the repository root, that compile in
    /// memory against the .NET 8 reference assemblies. ASP.NET Core services (<c>Microsoft.NET.Sdk.Web</c>, such as
    /// ChurnTelemetry) need the ASP.NET Core shared framework and their hosting packages, which the in-memory corpus does
    /// not provide: <c>SampleBuildTests</c> builds them for real with the analyzers and asserts their warnings.
    /// </summary>
    public static IEnumerable<string> SampleProjects()
        => Directory.EnumerateFiles(Path.Combine(RuleInventory.RepositoryRoot, "samples"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p) && !IsWebProject(p))
            .Select(RelativePath)
            .OrderBy(p => p, StringComparer.Ordinal);

    private static bool IsWebProject(string projectPath)
        => string.Equals(XDocument.Load(projectPath).Root?.Attribute("Sdk")?.Value, "Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase);

    /// <summary>The C# snippets of a rule test file, markup removed, each with the stubs it does not already contain.</summary>
    public static IEnumerable<CorpusSource> SnippetsOf(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RuleInventory.RepositoryRoot, relativePath));
        var index = 0;
        foreach (var snippet in ExtractSnippets(CSharpSyntaxTree.ParseText(text)))
        {
            yield return ForSnippet($"{relativePath}#{index++}", snippet);
        }
    }

    /// <summary>The references of a snippet's compilation: the framework, ML.NET and the runtime library (so fixes that target it run too).</summary>
    public static ImmutableArray<MetadataReference> SnippetReferences { get; } =
        TestReferences.Net80.AddRange(TestReferences.MlNet).Add(TestReferences.Abstractions);

    /// <summary>A snippet as a compilation of its own: the stubs it lacks beside it, a program when it has top-level statements.</summary>
    public static CorpusSource ForSnippet(string name, string snippet, string fileName = "Snippet.cs")
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(snippet).GetRoot();
        var kind = root.Members.OfType<GlobalStatementSyntax>().Any() ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        // Every stub has its document; one the snippet already contains is left empty.
        var stubs = StubSources.Select(s => (VirtualPath("Stubs." + s.Name + ".cs"), snippet.Contains(s.Text.Trim(), StringComparison.Ordinal) ? "" : s.Text));
        var documents = stubs.Prepend((VirtualPath(fileName), snippet)).ToImmutableArray();
        return new CorpusSource(name, VirtualPath(fileName), documents, SnippetReferences, ImmutableArray<(string, string)>.Empty, kind, NullableContextOptions.Disable);
    }

    /// <summary>An absolute path for an in-memory document (never written).</summary>
    public static string VirtualPath(string fileName) => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-corpus", fileName);

    /// <summary>Every source file of a sample project, with the project's other files (and implicit usings) as context.</summary>
    public static IEnumerable<CorpusSource> SourcesOf(string relativeProjectPath)
    {
        var project = LoadSampleProject(relativeProjectPath);
        var documents = project.Documents();
        var configs = project.AnalyzerConfigs();
        for (var i = 0; i < project.Files.Length; i++)
        {
            yield return new CorpusSource(project.Files[i].Path, documents[i].Path, documents, project.References, configs, project.Kind, NullableContextOptions.Enable);
        }
    }

    /// <summary>A sample project as the SDK would compile it: its sources, implicit usings, output kind and references.</summary>
    public static SampleProject LoadSampleProject(string relativeProjectPath)
    {
        var projectPath = Path.Combine(RuleInventory.RepositoryRoot, relativeProjectPath);
        var folder = Path.GetDirectoryName(projectPath)!;
        var csproj = XDocument.Load(projectPath);
        string? Property(string name) => csproj.Descendants(name).LastOrDefault()?.Value.Trim();

        var kind = string.Equals(Property("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var extra = string.Equals(Property("ImplicitUsings"), "enable", StringComparison.OrdinalIgnoreCase)
            ? ImmutableArray.Create((Path.Combine(folder, "obj", "ImplicitUsings.g.cs"), ImplicitUsings))
            : ImmutableArray<(string, string)>.Empty;

        // The references the tests can provide; anything else makes the baseline compilation fail loudly.
        var references = TestReferences.Net80.ToBuilder();
        var packages = csproj.Descendants("PackageReference").Select(e => e.Attribute("Include")?.Value).ToList();
        var projects = csproj.Descendants("ProjectReference").Select(e => e.Attribute("Include")?.Value ?? "").ToList();
        if (packages.Contains("Microsoft.ML"))
        {
            references.AddRange(TestReferences.MlNet);
        }

        if (packages.Contains("AWSSDK.S3"))
        {
            references.AddRange(TestReferences.AwsS3);
        }

        if (packages.Contains("Azure.Storage.Blobs"))
        {
            references.AddRange(TestReferences.AzureBlobs);
        }

        if (projects.Any(p => p.Replace('\\', '/').EndsWith("MlopsAnalyzers.Abstractions.csproj", StringComparison.Ordinal)))
        {
            references.Add(TestReferences.Abstractions);
        }

        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path: RelativePath(p), Text: File.ReadAllText(p)))
            .ToImmutableArray();

        // Source files of another sample it links (<Compile Include="../Other/File.cs" Link="..." />) compile along with it.
        foreach (var linked in csproj.Descendants("Compile").Select(e => e.Attribute("Include")?.Value).Where(v => !string.IsNullOrEmpty(v)))
        {
            var linkedPath = Path.GetFullPath(Path.Combine(folder, linked!.Replace('\\', '/')));
            extra = extra.Add((linkedPath, File.ReadAllText(linkedPath)));
        }

        // Another sample it references (a shared library of the samples) compiles along with it, untyped.
        foreach (var sibling in projects.Where(p => !p.Replace('\\', '/').Contains("/src/", StringComparison.Ordinal)))
        {
            var referenced = LoadSampleProject(RelativePath(Path.GetFullPath(Path.Combine(folder, sibling))));
            extra = extra.AddRange(referenced.Files.Select(f => (Path.Combine(RuleInventory.RepositoryRoot, f.Path), f.Text)))
                .AddRange(referenced.ExtraSources.Where(e => !extra.Any(x => x.Item2 == e.Text && Path.GetFileName(x.Item1) == Path.GetFileName(e.Path))));
            references.AddRange(referenced.References.Where(r => !references.Contains(r)));
        }

        var editorConfigs = Directory.EnumerateFiles(Path.Combine(RuleInventory.RepositoryRoot, "samples"), ".editorconfig", SearchOption.AllDirectories)
            .Where(p => folder.StartsWith(Path.GetDirectoryName(p)!, StringComparison.Ordinal))
            .ToImmutableArray();
        return new SampleProject(relativeProjectPath, folder, files, extra, kind, references.ToImmutable(), editorConfigs);
    }

    /// <summary>
    /// The C# in a test file: every maximal string expression that contains a raw string literal (a literal, an
    /// interpolation, constants and <see cref="Stubs"/> joined with <c>+</c>). Interpolation holes that name a
    /// parameter of a theory are filled from each <c>[InlineData]</c> row. Constants on their own (fragments) and
    /// <c>.editorconfig</c> texts are skipped.
    /// </summary>
    public static IEnumerable<string> ExtractSnippets(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var constants = root.DescendantNodes().OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(f => f.Declaration.Variables)
            .Where(v => v.Initializer is not null)
            .ToDictionary(v => v.Identifier.ValueText, v => v.Initializer!.Value, StringComparer.Ordinal);

        // Helpers that build a snippet around their argument (string Method(string body) => $$"""...{{body}}...""").
        var helpers = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.ExpressionBody is { } body && body.Expression.DescendantNodesAndSelf().Any(IsRawString) && m.ParameterList.Parameters.Count > 0)
            .GroupBy(m => m.Identifier.ValueText, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var helperCalls = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => call.Expression is IdentifierNameSyntax name
                && helpers.TryGetValue(name.Identifier.ValueText, out var helper)
                && !call.Ancestors().Contains(helper))
            .Select(Outermost);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var roots = root.DescendantNodes().Where(IsRawString).Select(Outermost).Concat(helperCalls).Distinct();
        foreach (var expression in roots)
        {
            if (expression.FirstAncestorOrSelf<FieldDeclarationSyntax>() is not null
                || expression.Parent is ArgumentSyntax { NameColon.Name.Identifier.ValueText: "editorConfig" })
            {
                continue;
            }

            foreach (var bindings in Rows(expression))
            {
                var snippet = StripMarkup(Evaluate(expression, bindings, constants, helpers, depth: 0));
                var firstLine = snippet.TrimStart().Split('\n')[0];
                if (firstLine.StartsWith('[') || firstLine.StartsWith("root", StringComparison.Ordinal) || !seen.Add(snippet))
                {
                    continue;
                }

                yield return snippet;
            }
        }
    }

    public static string StripMarkup(string text) => MarkupClose.Replace(MarkupOpen.Replace(text, ""), "");

    private static bool IsRawString(SyntaxNode node) => node switch
    {
        LiteralExpressionSyntax literal => literal.Token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken),
        InterpolatedStringExpressionSyntax interpolated => interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken)
            || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken),
        _ => false,
    };

    private static ExpressionSyntax Outermost(SyntaxNode node)
    {
        var current = (ExpressionSyntax)node;
        while (current.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or ParenthesizedExpressionSyntax)
        {
            current = (ExpressionSyntax)current.Parent;
        }

        return current;
    }

    /// <summary>The parameter values of each <c>[InlineData]</c> row of the method around the expression (one empty row if none).</summary>
    private static IEnumerable<IReadOnlyDictionary<string, string>> Rows(SyntaxNode expression)
    {
        var method = expression.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        var parameters = method?.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList() ?? new List<string>();
        var rows = method?.AttributeLists.SelectMany(l => l.Attributes)
            .Where(a => a.Name.ToString() is "InlineData" or "InlineDataAttribute" or "Xunit.InlineData")
            .ToList() ?? new List<AttributeSyntax>();
        if (rows.Count == 0)
        {
            yield return new Dictionary<string, string>(StringComparer.Ordinal);
            yield break;
        }

        foreach (var row in rows)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var arguments = row.ArgumentList?.Arguments ?? default;
            for (var i = 0; i < arguments.Count && i < parameters.Count; i++)
            {
                if (arguments[i].Expression is LiteralExpressionSyntax literal && literal.Token.Value is { } value)
                {
                    values[parameters[i]] = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
            }

            yield return values;
        }
    }

    private static string Evaluate(
        ExpressionSyntax expression,
        IReadOnlyDictionary<string, string> bindings,
        IReadOnlyDictionary<string, ExpressionSyntax> constants,
        IReadOnlyDictionary<string, MethodDeclarationSyntax> helpers,
        int depth)
    {
        if (depth > 16)
        {
            return "";
        }

        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.Token.Value is string text:
                return text;
            case InterpolatedStringExpressionSyntax interpolated:
                return string.Concat(interpolated.Contents.Select(content => content switch
                {
                    InterpolatedStringTextSyntax text => text.TextToken.ValueText,
                    InterpolationSyntax hole => Evaluate(hole.Expression, bindings, constants, helpers, depth + 1),
                    _ => "",
                }));
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                return Evaluate(add.Left, bindings, constants, helpers, depth + 1) + Evaluate(add.Right, bindings, constants, helpers, depth + 1);
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, bindings, constants, helpers, depth + 1);
            case IdentifierNameSyntax name when bindings.TryGetValue(name.Identifier.ValueText, out var bound):
                return bound;
            case IdentifierNameSyntax name when constants.TryGetValue(name.Identifier.ValueText, out var constant):
                return Evaluate(constant, bindings, constants, helpers, depth + 1);
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax callee } call
                when helpers.TryGetValue(callee.Identifier.ValueText, out var helper):
            {
                // A snippet helper: bind its parameters to the evaluated arguments, then evaluate its body.
                var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
                var parameters = helper.ParameterList.Parameters;
                for (var i = 0; i < call.ArgumentList.Arguments.Count && i < parameters.Count; i++)
                {
                    arguments[parameters[i].Identifier.ValueText] = Evaluate(call.ArgumentList.Arguments[i].Expression, bindings, constants, helpers, depth + 1);
                }

                return Evaluate(helper.ExpressionBody!.Expression, arguments, constants, helpers, depth + 1);
            }

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Replace" } replace, ArgumentList.Arguments.Count: 2 } call:
            {
                var receiver = Evaluate(replace.Expression, bindings, constants, helpers, depth + 1);
                var oldValue = Evaluate(call.ArgumentList.Arguments[0].Expression, bindings, constants, helpers, depth + 1);
                var newValue = Evaluate(call.ArgumentList.Arguments[1].Expression, bindings, constants, helpers, depth + 1);
                return oldValue.Length == 0 ? receiver : receiver.Replace(oldValue, newValue, StringComparison.Ordinal);
            }
            case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: nameof(Stubs) } } stub:
                return StubSources.FirstOrDefault(s => s.Name == stub.Name.Identifier.ValueText).Text ?? "";
            default:
                return "";
        }
    }

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}obj{separator}", StringComparison.Ordinal) || path.Contains($"{separator}bin{separator}", StringComparison.Ordinal);
    }

    private static string RelativePath(string path) => Path.GetRelativePath(RuleInventory.RepositoryRoot, path).Replace('\\', '/');
}

/// <summary>A sample project, loaded for in-memory compilation.</summary>
public sealed record SampleProject(
    string Name,
    string Folder,
    ImmutableArray<(string Path, string Text)> Files,
    ImmutableArray<(string Path, string Text)> ExtraSources,
    OutputKind Kind,
    ImmutableArray<MetadataReference> References,
    ImmutableArray<string> EditorConfigPaths)
{
    /// <summary>Every document of the compilation at its absolute path: the project's files, then the generated ones.</summary>
    public ImmutableArray<(string Path, string Text)> Documents()
        => Files.Select(f => (Path.Combine(RuleInventory.RepositoryRoot, f.Path), f.Text)).Concat(ExtraSources).ToImmutableArray();

    /// <summary>The .editorconfig files that apply to the project, read.</summary>
    public ImmutableArray<(string Path, string Text)> AnalyzerConfigs()
        => EditorConfigPaths.Select(p => (p, File.ReadAllText(p))).ToImmutableArray();
}
