using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Data;

/// <summary>
/// MLOPS602: <c>LoadFromTextFile</c> reads a file with loader defaults that the file contradicts:
/// <list type="bullet">
/// <item>the default separator (a tab: the separator argument omitted, or options that do not set
/// <c>Separators</c>) for a path known to end in <c>.csv</c> (a constant, the last part of <c>Path.Combine</c>, the
/// text ending an interpolated string, or a local holding one of those), unless the project shows the file (an
/// additional file) and its lines hold tabs; or for any path whose file the project shows, comma- or
/// semicolon-separated;</item>
/// <item>no header (the argument omitted or false) for a file the project shows whose first line holds text where the
/// schema class reads a number (<c>[LoadColumn]</c>) and whose second line holds a number there.</item>
/// </list>
/// An explicit separator, even a tab, is the user's choice and is not flagged; options the rule cannot read, paths it
/// cannot read, and files that end otherwise (<c>.tsv</c>, <c>.txt</c>) without an additional file are not flagged.
/// </summary>
internal static class TextLoaderDefaultsContradictFileRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.TextLoaderDefaultsContradictFile,
        RuleCategories.Data,
        RuleLevel.BuildWarning,
        title: "Text file read with loader defaults that contradict it",
        messageFormat: "'{0}' reads '{1}' {2}: the columns are misread without an error; set {3}",
        description: "The text loader's defaults are a tab separator and no header. A comma-separated file read with them is split on tabs, so every line lands in the first column and the other columns are read as missing or zero; a header row read as data becomes a training row of zeros and NaNs. Nothing fails: the model just learns from garbage.");

    /// <summary>What the file contradicts: the separator to use instead of the tab (or null), and whether a header is parsed as data.</summary>
    internal sealed class Contradiction
    {
        public Contradiction(TextLoad load, string path, char? separator, bool header)
        {
            Load = load;
            Path = path;
            Separator = separator;
            Header = header;
        }

        public TextLoad Load { get; }

        public string Path { get; }

        public char? Separator { get; }

        public bool Header { get; }
    }

    public static void AnalyzeInvocation(in OperationAnalysisContext context, DataSymbols data, DataFiles files)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (GetContradiction(invocation, data, files, context.CancellationToken) is not { } found)
        {
            return;
        }

        var problems = found.Separator is { } separator
            ? found.Header
                ? $"with the default tab separator and no header, but the file is separated by '{separator}' and starts with a header row"
                : $"with the default tab separator, but the file is separated by '{separator}'"
            : "as if it had no header, but its first row is a header";
        var fixes = found.Separator is { } sep
            ? found.Header ? $"separatorChar: '{sep}' and hasHeader: true" : $"separatorChar: '{sep}'"
            : "hasHeader: true";
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, NameLocation(invocation), invocation.TargetMethod.Name, found.Path, problems, fixes));
    }

    /// <summary>What the file read by <paramref name="invocation"/> contradicts in the loader's defaults, or null.</summary>
    internal static Contradiction? GetContradiction(IInvocationOperation invocation, DataSymbols data, DataFiles files, CancellationToken cancellationToken)
    {
        if (TextLoad.Get(invocation, data) is not { IsFileLoad: true, PathArgument: { } pathArgument } load
            || TextLoad.GetPathEnding(pathArgument.Value) is not { } path)
        {
            return null;
        }

        var head = files.Find(path, cancellationToken);
        char? separator = null;
        if (load.Separator.State == SettingState.Default)
        {
            separator = head is not null
                ? head.NonTabSeparator()
                : TextLoad.EndsWith(path, ".csv") ? ',' : null;
        }

        var header = false;
        if (head is not null
            && (load.HasHeader.State == SettingState.Default || (load.HasHeader.State == SettingState.Explicit && load.HasHeader.Value is false))
            && (load.Separator.State == SettingState.Default || load.Separator.Value is char)
            && load.NumericColumns(data) is { IsEmpty: false } numeric)
        {
            var effective = separator ?? (load.Separator.Value as char? ?? '\t');
            header = head.HasHeader(effective, numeric);
        }

        return separator is not null || header ? new Contradiction(load, path, separator, header) : null;
    }

    /// <summary>The method name of the call (<c>LoadFromTextFile&lt;T&gt;</c>), where the data rules report.</summary>
    internal static Location NameLocation(IInvocationOperation invocation)
        => invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.Name.GetLocation()
            : invocation.Syntax.GetLocation();
}
