using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using MlopsAnalyzers.CodeFixes;

namespace MlopsAnalyzers.Tests.Documentation;

/// <summary>One rule as users see it: its descriptor and whether a code fix ships for it.</summary>
public sealed record RuleInfo(DiagnosticDescriptor Descriptor, string AnalyzerType, bool HasCodeFix)
{
    public string Id => Descriptor.Id;

    public string DefaultLevel => !Descriptor.IsEnabledByDefault
        ? "disabled"
        : Descriptor.DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "suggestion",
            _ => "silent",
        };
}

/// <summary>
/// Everything the documentation is generated from: the analyzers and code fixes found by reflection in the shipped
/// assemblies, so the README table and the docs headers can never list a rule that does not exist.
/// </summary>
public static class RuleInventory
{
    public const string UpdateVariable = "MLOPS_UPDATE_DOCS";

    public static ImmutableArray<RuleInfo> Rules { get; } = Discover();

    public static IEnumerable<DiagnosticAnalyzer> Analyzers => typeof(FamilyAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    public static IEnumerable<CodeFixProvider> CodeFixes => typeof(SeedArgument).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    /// <summary>The repository root (the folder holding MlopsAnalyzers.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static string DocsPath(string id) => Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");

    /// <summary>The README's rule table (between its markers).</summary>
    public static string ReadmeTable()
    {
        var builder = new StringBuilder();
        builder.Append("| ID | Category | Title | Default | Code fix |\n");
        builder.Append("|---|---|---|---|---|\n");
        foreach (var rule in Rules)
        {
            builder.Append($"| [{rule.Id}](docs/rules/{rule.Id}.md) | {rule.Descriptor.Category} | {Escape(rule.Descriptor.Title.ToString())} | {rule.DefaultLevel} | {(rule.HasCodeFix ? "yes" : "no")} |\n");
        }

        return builder.ToString();
    }

    /// <summary>The generated head of a rule's docs page: its title and a table of its properties.</summary>
    public static string DocsHeader(RuleInfo rule)
    {
        var d = rule.Descriptor;
        return $"# {rule.Id}: {d.Title}\n\n"
            + "| Property | Value |\n"
            + "|---|---|\n"
            + $"| ID | {rule.Id} |\n"
            + $"| Category | {d.Category} |\n"
            + $"| Default | {rule.DefaultLevel} |\n"
            + $"| Code fix | {(rule.HasCodeFix ? "yes" : "no")} |\n"
            + $"| Reported | {(d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd) ? "at the end of a build (not live in the editor)" : "live in the editor and in the build")} |\n";
    }

    public static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static ImmutableArray<RuleInfo> Discover()
    {
        var fixable = CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);
        return Analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => new RuleInfo(d, a.GetType().Name, fixable.Contains(d.Id))))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MlopsAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
