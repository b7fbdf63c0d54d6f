using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>Reads <c>mlops.&lt;ID&gt;.&lt;option&gt;</c> keys from <c>.editorconfig</c> for the document being fixed.</summary>
internal static class FixOptions
{
    public static string? GetString(Document document, SyntaxTree tree, string ruleId, string option)
    {
        var options = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return options.TryGetValue(OptionKey(ruleId, option), out var value) ? value.Trim() : null;
    }

    public static int GetInt32(Document document, SyntaxTree tree, string ruleId, string option, int defaultValue)
        => int.TryParse(GetString(document, tree, ruleId, option), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;

    public static string OptionKey(string ruleId, string option) => "mlops." + ruleId + "." + option;
}
