using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlopsAnalyzers.Tests.Documentation;

/// <summary>
/// The README rule table and the head of every docs page are generated from the descriptors; these tests fail when
/// they drift. Run <c>MLOPS_UPDATE_DOCS=1 dotnet test --filter FullyQualifiedName~Documentation</c> to rewrite them.
/// </summary>
public class DocumentationTests
{
    private const string TableBegin = "<!-- rules:begin (generated from the descriptors; MLOPS_UPDATE_DOCS=1 dotnet test rewrites it) -->";
    private const string TableEnd = "<!-- rules:end -->";
    private const string HeaderEnd = "<!-- header:end (generated from the descriptor) -->";

    private static readonly string[] RequiredSections =
    {
        "## What it finds",
        "## Why it matters",
        "## Non-compliant code",
        "## Compliant code",
        "## Code fix",
        "## Options",
        "## How to suppress",
    };

    [Fact]
    public void EveryAnalyzerReportsAtLeastOneRule_AndIdsAreUnique()
    {
        Assert.NotEmpty(RuleInventory.Rules);
        var ids = RuleInventory.Rules.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^MLOPS[1-6][0-9]{2}$", id));
    }

    [Fact]
    public void CategoryFollowsTheIdGroup()
    {
        foreach (var rule in RuleInventory.Rules)
        {
            var expected = rule.Id[5] switch
            {
                '1' => RuleCategories.Artifacts,
                '2' => RuleCategories.Skew,
                '3' => RuleCategories.Reproducibility,
                '4' => RuleCategories.Evaluation,
                '5' => RuleCategories.Serving,
                '6' => RuleCategories.Data,
                _ => "unknown",
            };
            Assert.True(expected == rule.Descriptor.Category, $"{rule.Id} is in category {rule.Descriptor.Category}, expected {expected}.");
        }
    }

    [Fact]
    public void HelpLinksPointAtExistingDocsPages()
    {
        foreach (var rule in RuleInventory.Rules)
        {
            var link = rule.Descriptor.HelpLinkUri;
            Assert.StartsWith(Descriptors.HelpLinkBase, link, StringComparison.Ordinal);
            var relative = link.Substring(Descriptors.HelpLinkBase.Length);
            Assert.Equal(rule.Id + ".md", relative);
            Assert.True(File.Exists(RuleInventory.DocsPath(rule.Id)), $"{link} points at docs/rules/{relative}, which does not exist.");
        }
    }

    [Fact]
    public void EveryDocsPageBelongsToARule()
    {
        var ids = RuleInventory.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(RuleInventory.RepositoryRoot, "docs", "rules"), "*.md")
            .Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, page => Assert.True(ids.Contains(page!), $"docs/rules/{page}.md documents no rule."));
    }

    [Fact]
    public void ReadmeRuleTableIsCurrent()
    {
        var path = Path.Combine(RuleInventory.RepositoryRoot, "README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(TableBegin, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md needs the markers '{TableBegin}' and '{TableEnd}'.");

        var current = readme.Substring(begin + TableBegin.Length, end - begin - TableBegin.Length).Trim('\n') + "\n";
        var expected = RuleInventory.ReadmeTable();
        if (current != expected && RuleInventory.UpdateRequested)
        {
            File.WriteAllText(path, readme.Substring(0, begin + TableBegin.Length) + "\n" + expected + readme.Substring(end));
            return;
        }

        Assert.Equal(expected, current);
    }

    [Fact]
    public void DocsPagesAreCompleteAndTheirHeadersCurrent()
    {
        foreach (var rule in RuleInventory.Rules)
        {
            var path = RuleInventory.DocsPath(rule.Id);
            Assert.True(File.Exists(path), $"docs/rules/{rule.Id}.md is missing.");
            var page = File.ReadAllText(path).ReplaceLineEndings("\n");
            var end = page.IndexOf(HeaderEnd, StringComparison.Ordinal);
            Assert.True(end >= 0, $"docs/rules/{rule.Id}.md needs the generated header, closed by '{HeaderEnd}'.");

            var expected = RuleInventory.DocsHeader(rule);
            var current = page.Substring(0, end);
            if (current != expected && RuleInventory.UpdateRequested)
            {
                File.WriteAllText(path, expected + page.Substring(end));
                continue;
            }

            Assert.Equal(expected, current);

            foreach (var section in RequiredSections)
            {
                Assert.True(page.Contains("\n" + section + "\n", StringComparison.Ordinal), $"docs/rules/{rule.Id}.md lacks the section '{section}'.");
            }

            // Options are named mlops.<ID>.<snake_case> and documented on their own rule's page.
            foreach (Match option in Regex.Matches(page, @"mlops\.[A-Za-z0-9_.]+"))
            {
                Assert.Matches($"^mlops\\.{rule.Id}\\.[a-z][a-z0-9_]*$", option.Value);
            }
        }
    }
}
