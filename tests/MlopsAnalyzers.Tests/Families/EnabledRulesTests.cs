using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlopsAnalyzers.Serving;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Families;

/// <summary>
/// Which rules of a family run: a rule switched off costs nothing because the family does not register its checks,
/// so switching one off must be read the way the compiler reads the settings, and never switch off a rule that reports.
/// </summary>
public class EnabledRulesTests
{
    // The three rules these cases are written for (501 on, 502 on, 503 off by default); rules added to the family later
    // do not change what the cases assert.
    private static readonly ImmutableArray<DiagnosticDescriptor> Serving = new ServingAnalyzer().SupportedDiagnostics
        .Where(d => d.Id is "MLOPS501" or "MLOPS502" or "MLOPS503")
        .ToImmutableArray();

    [Fact]
    public void DefaultsFollowTheDescriptors()
        => Assert.Equal(new[] { "MLOPS501", "MLOPS502" }, Enabled(new Settings()));

    [Fact]
    public void RuleIdEntryInEveryFileSwitchesARuleOffOrOn()
    {
        var settings = new Settings();
        settings.ForTree("a.cs")["MLOPS501"] = ReportDiagnostic.Suppress;
        settings.ForTree("b.cs")["MLOPS501"] = ReportDiagnostic.Suppress;
        settings.ForTree("a.cs")["MLOPS503"] = ReportDiagnostic.Warn;
        Assert.Equal(new[] { "MLOPS502", "MLOPS503" }, Enabled(settings));
    }

    [Fact]
    public void ARuleOffInOneFileOnlyStaysOn()
    {
        var settings = new Settings();
        settings.ForTree("a.cs")["MLOPS501"] = ReportDiagnostic.Suppress;
        Assert.Contains("MLOPS501", Enabled(settings));
    }

    [Fact]
    public void CommandLineAndRuleSetOptions()
    {
        var settings = new Settings();
        settings.Specific["MLOPS502"] = ReportDiagnostic.Suppress;   // /nowarn:MLOPS502
        settings.Specific["MLOPS503"] = ReportDiagnostic.Info;       // a rule set enabling it
        settings.Specific["MLOPS501"] = ReportDiagnostic.Default;    // /warnaserror-:MLOPS501 says nothing about on or off
        Assert.Equal(new[] { "MLOPS501", "MLOPS503" }, Enabled(settings));
    }

    [Fact]
    public void GlobalConfigEntry()
    {
        var settings = new Settings();
        settings.Global["MLOPS501"] = ReportDiagnostic.Suppress;
        settings.Global["MLOPS503"] = ReportDiagnostic.Error;
        Assert.Equal(new[] { "MLOPS502", "MLOPS503" }, Enabled(settings));
    }

    [Fact]
    public void CategoryEntryTurnsADisabledRuleOnAndAnIdEntryStillWins()
    {
        var settings = new Settings();
        settings.Options["dotnet_analyzer_diagnostic.category-MLOps.Serving.severity"] = "warning";
        settings.Global["MLOPS502"] = ReportDiagnostic.Suppress;
        Assert.Equal(new[] { "MLOPS501", "MLOPS503" }, Enabled(settings));
    }

    [Fact]
    public void CategoryOrAllAnalyzersNoneSwitchesTheFamilyOff()
    {
        var category = new Settings();
        category.Options["dotnet_analyzer_diagnostic.category-MLOps.Serving.severity"] = "none";
        Assert.Empty(Enabled(category));

        var all = new Settings();
        all.Options["dotnet_analyzer_diagnostic.severity"] = "none";
        Assert.Empty(Enabled(all));

        var allButOne = new Settings();
        allButOne.Options["dotnet_analyzer_diagnostic.severity"] = "none";
        allButOne.Options["dotnet_analyzer_diagnostic.category-MLOps.Serving.severity"] = "suggestion";
        Assert.Equal(new[] { "MLOPS501", "MLOPS502", "MLOPS503" }, Enabled(allButOne));
    }

    [Fact]
    public void DefaultSeverityInACategoryEntryKeepsTheDefaults()
    {
        var settings = new Settings();
        settings.Options["dotnet_analyzer_diagnostic.category-MLOps.Serving.severity"] = "default";
        Assert.Equal(new[] { "MLOPS501", "MLOPS502" }, Enabled(settings));
    }

    private static string[] Enabled(Settings settings)
    {
        var trees = new[] { "a.cs", "b.cs" }.Select(path => CSharpSyntaxTree.ParseText("class C { }", path: path)).ToArray();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithSpecificDiagnosticOptions(settings.Specific)
            .WithSyntaxTreeOptionsProvider(new TreeOptions(settings));
        var compilation = CSharpCompilation.Create("Test", trees, TestReferences.Net80, options);
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigOptions(settings.Options));
        var rules = EnabledRules.Compute(compilation, analyzerOptions, Serving, CancellationToken.None);
        return Serving.Where(d => rules[d]).Select(d => d.Id).ToArray();
    }

    private sealed class Settings
    {
        public Dictionary<string, ReportDiagnostic> Specific { get; } = new();

        public Dictionary<string, ReportDiagnostic> Global { get; } = new();

        public Dictionary<string, Dictionary<string, ReportDiagnostic>> Trees { get; } = new();

        public Dictionary<string, string> Options { get; } = new();

        public Dictionary<string, ReportDiagnostic> ForTree(string path)
            => Trees.TryGetValue(path, out var entries) ? entries : Trees[path] = new Dictionary<string, ReportDiagnostic>();
    }

    private sealed class TreeOptions(Settings settings) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return settings.Trees.TryGetValue(tree.FilePath, out var entries) && entries.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => settings.Global.TryGetValue(diagnosticId, out severity);
    }

    private sealed class ConfigOptions(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Values _values = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _values;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _values;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _values;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
