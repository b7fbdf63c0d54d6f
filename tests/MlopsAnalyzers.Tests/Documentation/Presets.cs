using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;

namespace MlopsAnalyzers.Tests.Documentation;

/// <summary>
/// One value of the <c>MlopsAnalysisMode</c> MSBuild property that ships a global analyzer config: what it sets every
/// rule that is on by default to. Rules that ship disabled (heuristics) are left off by every preset: they are opted
/// into one by one, by ID.
/// </summary>
public sealed record Preset(string Mode, string EnabledRuleSeverity, string Summary)
{
    public string FileName => $"MlopsAnalyzers.{Mode}.globalconfig";

    public string PackagePath => "buildTransitive/" + FileName;
}

/// <summary>
/// The presets of <c>MlopsAnalysisMode</c>, generated from the descriptors like the README table: each preset is a
/// global analyzer config (<c>is_global = true</c>) with a low <c>global_level</c>, shipped in the package's
/// <c>buildTransitive/</c> folder and selected by <c>buildTransitive/MlopsAnalyzers.targets</c>.
/// </summary>
/// <remarks>
/// Presets set <em>categories</em> (<c>dotnet_analyzer_diagnostic.category-&lt;Category&gt;.severity</c>), not rule
/// IDs. Roslyn lets a rule-ID entry anywhere beat a category entry anywhere, so a preset that listed rule IDs would
/// override a user's own category entries in <c>.editorconfig</c>; with category entries at a low
/// <c>global_level</c>, the user's rule and category entries both win. Category entries do not reach rules that are
/// off by default, which is what the presets want: heuristics stay opt-in. The rules each entry covers are listed in
/// comments, so adding a rule makes the file stale and <see cref="PresetTests"/> fail until it is regenerated.
/// </remarks>
public static class Presets
{
    /// <summary>Below the default level of any user-written global config (0, or 100 for <c>.globalconfig</c>).</summary>
    public const int GlobalLevel = -100;

    /// <summary>The mode that ships no config: the descriptors' defaults.</summary>
    public const string DefaultMode = "default";

    public static ImmutableArray<Preset> All { get; } = ImmutableArray.Create(
        new Preset("none", "none", "turns every MlopsAnalyzers rule off"),
        new Preset("recommended", "warning", "shows every rule that is on by default as a build warning (suggestions included)"),
        new Preset("strict", "error", "makes every rule that is on by default a build error, for CI gates"));

    /// <summary>The folder of the package project whose content is packed under <c>buildTransitive/</c>.</summary>
    public static string BuildTransitiveFolder { get; } =
        Path.Combine(RuleInventory.RepositoryRoot, "src", "MlopsAnalyzers.Package", "buildTransitive");

    public static string PathOf(Preset preset) => Path.Combine(BuildTransitiveFolder, preset.FileName);

    /// <summary>The categories that hold at least one rule that is on by default, in ID order.</summary>
    public static IEnumerable<IGrouping<string, RuleInfo>> EnabledRulesByCategory()
        => RuleInventory.Rules
            .Where(r => r.Descriptor.IsEnabledByDefault)
            .GroupBy(r => r.Descriptor.Category, StringComparer.Ordinal);

    /// <summary>The text of a preset's global config.</summary>
    public static string Generate(Preset preset)
    {
        var builder = new StringBuilder();
        builder.Append("# Generated from the rule descriptors (MLOPS_UPDATE_DOCS=1 dotnet test rewrites it); do not edit.\n");
        builder.Append($"# MlopsAnalysisMode={preset.Mode}: {preset.Summary}.\n");
        builder.Append("# Category entries at a low global_level: a rule or category entry in your .editorconfig wins.\n");
        builder.Append("is_global = true\n");
        builder.Append($"global_level = {GlobalLevel}\n");

        foreach (var category in EnabledRulesByCategory())
        {
            builder.Append('\n');
            foreach (var rule in category)
            {
                builder.Append($"# {rule.Id} ({rule.DefaultLevel} by default): {rule.Descriptor.Title}\n");
            }

            builder.Append($"dotnet_analyzer_diagnostic.category-{category.Key}.severity = {preset.EnabledRuleSeverity}\n");
        }

        var disabled = RuleInventory.Rules.Where(r => !r.Descriptor.IsEnabledByDefault).ToList();
        builder.Append('\n');
        builder.Append(disabled.Count == 0
            ? "# No rule is off by default.\n"
            : "# Off by default and left off by every preset (heuristics; enable them by ID): "
                + string.Join(", ", disabled.Select(r => r.Id)) + "\n");
        return builder.ToString();
    }
}
