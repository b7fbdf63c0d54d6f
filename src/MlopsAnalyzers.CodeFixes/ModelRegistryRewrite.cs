using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// What the MLOPS101, MLOPS102 and MLOPS103 fixes share about the registry code they write: the options, the model
/// name derived from a file name, whether <c>ModelRegistry</c> can be named at a position, literals. The plans
/// themselves are in <see cref="RegistryPlanner"/>.
/// </summary>
internal static class ModelRegistryRewrite
{
    /// <summary><c>mlops.MLOPS101.load_version</c>: the version or alias the Load rewrite asks for (default <c>latest</c>).</summary>
    public const string LoadVersionOption = "load_version";

    /// <summary><c>mlops.MLOPS102.alias</c>: the alias the publish rewrite moves (default <c>production</c>).</summary>
    public const string AliasOption = "alias";

    public const string Latest = "latest";

    public const string Production = "production";

    /// <summary>The runtime library's namespace, imported by the fixes.</summary>
    public const string Namespace = "MlopsAnalyzers.Abstractions";

    /// <summary>
    /// Whether <c>using MlopsAnalyzers.Abstractions;</c> must be added for the rewritten code to see <c>ModelRegistry</c>
    /// (and its extension methods) at <paramref name="position"/>: false when it is visible already, true when it is
    /// not, null when another type named <c>ModelRegistry</c> is in scope (then no fix is offered).
    /// </summary>
    public static bool? NeedsImport(SemanticModel semanticModel, int position, MlNetSymbols symbols)
    {
        var visible = semanticModel.LookupNamespacesAndTypes(position, name: "ModelRegistry");
        if (visible.Length == 0)
        {
            return true;
        }

        return visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], symbols.ModelRegistry) ? false : null;
    }

    /// <summary>A model name from the file name at the end of a path: without its extension, characters outside the name rules replaced by '-'.</summary>
    public static string? GetModelName(IOperation path, MlNetSymbols symbols)
    {
        return ModelArtifacts.GetFileNameOf(path, symbols) is { } fileName ? GetModelName(fileName) : null;
    }

    /// <summary>A model name from a file name: without its extension, characters outside the name rules replaced by '-'.</summary>
    public static string? GetModelName(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        if (dot == 0)
        {
            // ".zip": the name is not in the constant part of the path.
            return null;
        }

        var stem = dot > 0 ? fileName.Substring(0, dot) : fileName;
        var builder = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            builder.Append(IsNameCharacter(c) ? c : '-');
        }

        var name = builder.ToString().Trim('-', '.', '_');
        return IsValidName(name) ? name : null;
    }

    /// <summary>True for a name the registry accepts (the rules of <c>RegistryNames</c> in the runtime library).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name!.Length > 100 || name.Contains("..") || name[name.Length - 1] == '.' || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameCharacter(c))
            {
                return false;
            }
        }

        var stem = name.Split('.')[0].ToUpperInvariant();
        return stem is not ("CON" or "PRN" or "AUX" or "NUL")
            && !((stem.StartsWith("COM", System.StringComparison.Ordinal) || stem.StartsWith("LPT", System.StringComparison.Ordinal)) && stem.Length == 4 && stem[3] is >= '1' and <= '9');
    }

    /// <summary>A version or alias option value: <c>latest</c>, a version number or a valid alias; else <paramref name="defaultValue"/>.</summary>
    public static string ReadVersionOption(Document document, SyntaxTree tree, string ruleId, string option, string defaultValue)
    {
        var value = FixOptions.GetString(document, tree, ruleId, option);
        return IsValidName(value) ? value! : defaultValue;
    }

    /// <summary>The <c>mlContext</c> of <c>mlContext.Model.X(...)</c>.</summary>
    public static ExpressionSyntax? GetMLContext(IInvocationOperation invocation, MlNetSymbols symbols)
        => invocation.Instance?.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Model", Instance: { } context }
            && symbols.IsMLContext(context.Type)
            && context.Syntax is ExpressionSyntax syntax
                ? syntax
                : null;

    /// <summary>A C# string literal for <paramref name="value"/>: verbatim when it holds backslashes (a Windows or UNC path).</summary>
    public static string Literal(string value)
        => value.IndexOf('\\') >= 0 && value.IndexOf('"') < 0 && value.IndexOfAny(new[] { '\r', '\n' }) < 0
            ? "@\"" + value + "\""
            : SymbolDisplay.FormatLiteral(value, quote: true);

    private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    private static bool IsNameCharacter(char c) => IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
}
