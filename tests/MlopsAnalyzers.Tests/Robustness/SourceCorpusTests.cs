using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Robustness;

/// <summary>The corpus the robustness tests type is what the rule tests hold: checks of the extraction and the sampling.</summary>
public class SourceCorpusTests
{
    private const string TestFile = """"
        public class SomeRuleTests
        {
            private const string Types = """

                public class House { }
                """;

            [Fact]
            public Task Plain()
                => Verify<A>.AnalyzerAsync("""
                    var ml = {|MLOPS301:new MLContext()|};
                    """ + Types);

            [Theory]
            [InlineData("ml.Data.ShuffleRows(data)", 1)]
            [InlineData("{|MLOPS302:ml.Data.TrainTestSplit(data)|}", 2)]
            public Task Rows(string use, int count)
                => Verify<A>.AnalyzerAsync($$"""
                    return {{use}}; // {{count}}
                    """);

            [Fact]
            public Task WithStub()
                => Verify<A>.AnalyzerAsync("""
                    using Microsoft.ML.AutoML;
                    """ + Stubs.AutoML);

            [Fact]
            public Task Fix()
                => Verify<A>.CodeFixAsync<F>("""
                    var ml = [|new MLContext()|];
                    """, """
                    var ml = new MLContext(seed: 1);
                    """, editorConfig: """
                    [*.cs]
                    mlops.MLOPS301.seed_value = 1
                    """);
        }
        """";

    [Fact]
    public void SnippetsAreJoinedFilledAndFreedOfMarkup()
    {
        var snippets = SourceCorpus.ExtractSnippets(CSharpSyntaxTree.ParseText(TestFile)).ToList();
        Assert.Equal(
            new[]
            {
                "var ml = new MLContext();\npublic class House { }",
                "return ml.Data.ShuffleRows(data); // 1",
                "return ml.Data.TrainTestSplit(data); // 2",
                "using Microsoft.ML.AutoML;" + Stubs.AutoML,
                "var ml = new MLContext();",
                "var ml = new MLContext(seed: 1);",
            },
            snippets.Select(s => s.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void AStubASnippetAlreadyHoldsIsNotAddedTwice()
    {
        var with = SourceCorpus.ForSnippet("with", "using Microsoft.ML.AutoML;" + Stubs.AutoML);
        var without = SourceCorpus.ForSnippet("without", "using Microsoft.ML;");
        Assert.Equal(with.ShapeKey, without.ShapeKey);
        Assert.Equal(1, with.Documents.Count(d => d.Text.Contains("class AutoCatalog", System.StringComparison.Ordinal)));
        Assert.Equal(1, without.Documents.Count(d => d.Text.Contains("class AutoCatalog", System.StringComparison.Ordinal)));
        Assert.Equal(OutputKind.DynamicallyLinkedLibrary, without.Kind);
        Assert.Equal(OutputKind.ConsoleApplication, SourceCorpus.ForSnippet("program", "System.Console.WriteLine();").Kind);
    }

    [Fact]
    public void EveryRuleTestFileYieldsSnippets()
    {
        var files = SourceCorpus.RuleTestFiles().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.True(SourceCorpus.SnippetsOf(file).Count() >= 3, file + " yields fewer than three snippets."));
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(5, new[] { 1, 2, 3, 4, 5 })]
    [InlineData(TypingRobustnessTests.MaxPrefixesPerSource, null)]
    [InlineData(100, null)]
    [InlineData(1000, null)]
    public void PrefixesAreEveryLineForShortSourcesAndAnEvenStrideForLongOnes(int lines, int[]? expected)
    {
        var counts = TypingRobustnessTests.PrefixLineCounts(lines).ToList();
        if (expected is not null)
        {
            Assert.Equal(expected, counts);
        }

        Assert.Equal(lines, counts[^1]);
        Assert.True(counts.Count <= TypingRobustnessTests.MaxPrefixesPerSource + 1, $"{counts.Count} prefixes for {lines} lines");
        Assert.Equal(counts.Distinct().OrderBy(c => c), counts);
        if (lines <= TypingRobustnessTests.MaxPrefixesPerSource)
        {
            Assert.Equal(Enumerable.Range(1, lines), counts);
        }
    }

    [Fact]
    public void ACorpusKeepsEveryWholeTextAndAtMostTheBudgetOfPrefixes()
    {
        var sources = Enumerable.Range(0, 30)
            .Select(i => SourceCorpus.ForSnippet("s" + i, string.Concat(Enumerable.Range(0, 20).Select(l => $"// {i} {l}\n"))))
            .ToList();
        var jobs = TypingRobustnessTests.SelectJobs(sources);
        Assert.Equal(30, jobs.Count(j => j.Whole));
        Assert.Equal(TypingRobustnessTests.MaxPartialPrefixesPerCorpus, jobs.Count(j => !j.Whole));
        Assert.Equal(30, jobs.Where(j => !j.Whole).Select(j => j.Source.Name).Distinct().Count());
    }
}
