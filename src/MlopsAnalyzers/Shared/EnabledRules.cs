using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers;

/// <summary>
/// The rules of a family that can report in a compilation, so that a rule switched off (severity <c>none</c> in
/// <c>.editorconfig</c> or a global config, by rule ID, by category or for all analyzers; <c>/nowarn</c>; a rule set; or
/// disabled by default and enabled nowhere) costs nothing: the family neither registers nor runs its checks.
/// </summary>
/// <remarks>
/// A rule is off only when it is off for every syntax tree, read in the order the compiler applies the settings:
/// the tree's own entry for the rule ID, the compilation's options for the ID (command line, rule set), the global
/// config's entry for the ID, the category entry (<c>dotnet_analyzer_diagnostic.category-&lt;Category&gt;.severity</c>),
/// the entry for all analyzers (<c>dotnet_analyzer_diagnostic.severity</c>), then the rule's default. When in doubt the
/// rule stays on: a wrong "on" costs time, a wrong "off" would hide a diagnostic.
/// </remarks>
internal sealed class EnabledRules
{
    private const string AllAnalyzersKey = "dotnet_analyzer_diagnostic.severity";

    private readonly HashSet<string> _enabled;

    private EnabledRules(HashSet<string> enabled) => _enabled = enabled;

    public bool IsEmpty => _enabled.Count == 0;

    /// <summary>True when <paramref name="rule"/> can report in this compilation.</summary>
    public bool this[DiagnosticDescriptor rule] => _enabled.Contains(rule.Id);

    public static EnabledRules Compute(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticDescriptor> rules, CancellationToken cancellationToken)
    {
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (IsEnabled(rule, compilation, options, cancellationToken))
            {
                enabled.Add(rule.Id);
            }
        }

        return new EnabledRules(enabled);
    }

    private static bool IsEnabled(DiagnosticDescriptor rule, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
        var categoryKey = "dotnet_analyzer_diagnostic.category-" + rule.Category + ".severity";

        // The compilation-wide entries for the rule ID (command line, rule set, global config) are the same for every
        // tree: read once. Only a tree's own entry and the bulk entries of its configuration differ from tree to tree.
        var forCompilation = GetCompilationEntry(rule, compilation, cancellationToken);
        var anyTree = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            anyTree = true;
            var enabled = treeOptions is not null && treeOptions.TryGetDiagnosticValue(tree, rule.Id, cancellationToken, out var forTree)
                ? forTree != ReportDiagnostic.Suppress
                : forCompilation ?? IsEnabledInBulk(rule, compilation, options.AnalyzerConfigOptionsProvider.GetOptions(tree), categoryKey);
            if (enabled)
            {
                return true;
            }
        }

        return !anyTree && (forCompilation ?? IsEnabledInBulk(rule, compilation, options.AnalyzerConfigOptionsProvider.GlobalOptions, categoryKey));
    }

    /// <summary>Whether the compilation's options or the global config switch the rule on or off by its ID; null when they say nothing.</summary>
    private static bool? GetCompilationEntry(DiagnosticDescriptor rule, Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(rule.Id, out var specific) && specific != ReportDiagnostic.Default)
        {
            return specific != ReportDiagnostic.Suppress;
        }

        if (compilation.Options.SyntaxTreeOptionsProvider is { } provider && provider.TryGetGlobalDiagnosticValue(rule.Id, cancellationToken, out var global))
        {
            return global != ReportDiagnostic.Suppress;
        }

        return null;
    }

    /// <summary>The category entry, else the all-analyzers entry, else the rule's default.</summary>
    private static bool IsEnabledInBulk(DiagnosticDescriptor rule, Compilation compilation, AnalyzerConfigOptions configOptions, string categoryKey)
    {
        if (TryGetSeverity(rule, configOptions, categoryKey, out var enabledByCategory))
        {
            return enabledByCategory;
        }

        if (TryGetSeverity(rule, configOptions, AllAnalyzersKey, out var enabledForAll))
        {
            return enabledForAll;
        }

        return rule.IsEnabledByDefault && compilation.Options.GeneralDiagnosticOption != ReportDiagnostic.Suppress;
    }

    /// <summary>Reads a bulk severity entry: on for a severity, off for <c>none</c>, the rule's default for <c>default</c>.</summary>
    private static bool TryGetSeverity(DiagnosticDescriptor rule, AnalyzerConfigOptions options, string key, out bool enabled)
    {
        enabled = true;
        if (!options.TryGetValue(key, out var value))
        {
            return false;
        }

        switch (value.Trim().ToLowerInvariant())
        {
            case "none":
                enabled = false;
                return true;
            case "default":
                enabled = rule.IsEnabledByDefault;
                return true;
            case "silent" or "refactoring" or "suggestion" or "info" or "warning" or "error":
                return true;
            default:
                // An unknown value is ignored by the compiler as well.
                return false;
        }
    }
}
