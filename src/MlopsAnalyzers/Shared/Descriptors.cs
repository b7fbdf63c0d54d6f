using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// Every diagnostic descriptor of the package is built here, through <see cref="Create"/>, so that IDs, categories,
/// default levels and help links follow one rule. One partial file per category holds that category's descriptors.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where the rule documentation lives: <c>docs/rules/&lt;ID&gt;.md</c> in the repository.</summary>
    public const string HelpLinkBase = "https://github.com/MlopsAnalyzers/MlopsAnalyzers/blob/main/docs/rules/";

    /// <summary>The custom tag that marks diagnostics reported only at the end of a compilation (build only, not live).</summary>
    public const string CompilationEndTag = WellKnownDiagnosticTags.CompilationEnd;

    public static string GetHelpLink(string id) => HelpLinkBase + id + ".md";

    internal static DiagnosticDescriptor Create(
        string id,
        string category,
        RuleLevel level,
        string title,
        string messageFormat,
        string description,
        bool compilationEnd = false)
    {
        var severity = level == RuleLevel.BuildWarning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
        var enabled = level != RuleLevel.Disabled;
        var tags = compilationEnd ? new[] { CompilationEndTag } : System.Array.Empty<string>();
        return new DiagnosticDescriptor(id, title, messageFormat, category, severity, enabled, description, GetHelpLink(id), tags);
    }
}
