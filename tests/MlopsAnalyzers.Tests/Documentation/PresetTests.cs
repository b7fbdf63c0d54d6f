using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Documentation;

/// <summary>
/// The <c>MlopsAnalysisMode</c> presets: the shipped files are generated from the descriptors (and rewritten with
/// <c>MLOPS_UPDATE_DOCS=1</c>), the targets file selects each of them, and Roslyn itself, reading the shipped files,
/// gives every rule the severity the mode promises while the user's own <c>.editorconfig</c> entries still win.
/// </summary>
public class PresetTests
{
    [Fact]
    public void PresetFilesAreCurrent()
    {
        foreach (var preset in Presets.All)
        {
            var path = Presets.PathOf(preset);
            var expected = Presets.Generate(preset);
            var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
            if (current != expected && RuleInventory.UpdateRequested)
            {
                File.WriteAllText(path, expected);
                continue;
            }

            Assert.True(current is not null, $"{preset.PackagePath} is missing; run with {RuleInventory.UpdateVariable}=1 to generate it.");
            Assert.Equal(expected, current);
        }
    }

    [Fact]
    public void EveryShippedConfigIsAPreset()
    {
        var expected = Presets.All.Select(p => p.FileName).OrderBy(n => n, StringComparer.Ordinal);
        var actual = Directory.GetFiles(Presets.BuildTransitiveFolder, "*.globalconfig").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TheTargetsFileSelectsEveryPresetAndRejectsOtherModes()
    {
        var targets = XDocument.Load(Path.Combine(Presets.BuildTransitiveFolder, "MlopsAnalyzers.targets"));
        var target = Assert.Single(targets.Descendants("Target"));
        Assert.Equal("CoreCompile", target.Attribute("BeforeTargets")?.Value);

        var items = target.Descendants("EditorConfigFiles").ToList();
        Assert.Equal(Presets.All.Length, items.Count);
        foreach (var preset in Presets.All)
        {
            var item = Assert.Single(items, i => i.Attribute("Include")!.Value == "$(MSBuildThisFileDirectory)" + preset.FileName);
            Assert.Equal($"'$(_MlopsAnalysisMode)' == '{preset.Mode}'", item.Attribute("Condition")?.Value);
        }

        var condition = Assert.Single(target.Descendants("Error")).Attribute("Condition")!.Value;
        foreach (var mode in Presets.All.Select(p => p.Mode).Append(Presets.DefaultMode))
        {
            Assert.Contains($"'$(_MlopsAnalysisMode)' != '{mode}'", condition, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutAPresetEveryRuleHasItsDefaultSeverity()
    {
        // Also proves the probe below: it reports what the descriptors say when no config is given.
        var severities = await EffectiveSeveritiesAsync();
        foreach (var rule in RuleInventory.Rules)
        {
            Assert.Equal(rule.Descriptor.IsEnabledByDefault ? rule.DefaultLevel : "none", severities[rule.Id]);
        }
    }

    [Fact]
    public async Task EveryPresetGivesEveryRuleTheSeverityItPromises()
    {
        foreach (var preset in Presets.All)
        {
            var severities = await EffectiveSeveritiesAsync(("preset.globalconfig", File.ReadAllText(Presets.PathOf(preset))));
            foreach (var rule in RuleInventory.Rules)
            {
                var expected = rule.Descriptor.IsEnabledByDefault ? preset.EnabledRuleSeverity : "none";
                Assert.True(expected == severities[rule.Id], $"MlopsAnalysisMode={preset.Mode} gives {rule.Id} '{severities[rule.Id]}', expected '{expected}'.");
            }
        }
    }

    [Fact]
    public async Task TheUsersEditorConfigWinsOverEveryPreset()
    {
        // The user sets every category to suggestion and one rule by ID: both beat every preset.
        var byId = RuleInventory.Rules.First(r => r.Descriptor.IsEnabledByDefault).Id;
        var editorConfig = "root = true\n\n[*.cs]\n"
            + string.Concat(RuleInventory.Rules.Select(r => r.Descriptor.Category).Distinct().Select(c => $"dotnet_analyzer_diagnostic.category-{c}.severity = suggestion\n"))
            + $"dotnet_diagnostic.{byId}.severity = none\n";

        foreach (var preset in Presets.All)
        {
            var severities = await EffectiveSeveritiesAsync(
                ("preset.globalconfig", File.ReadAllText(Presets.PathOf(preset))),
                (".editorconfig", editorConfig));
            foreach (var rule in RuleInventory.Rules)
            {
                var expected = rule.Id == byId ? "none" : rule.Descriptor.IsEnabledByDefault ? "suggestion" : "none";
                Assert.True(expected == severities[rule.Id], $"MlopsAnalysisMode={preset.Mode} with the user's .editorconfig gives {rule.Id} '{severities[rule.Id]}', expected '{expected}'.");
            }
        }
    }

    [Fact]
    public async Task APresetBeatsTheUsersAllAnalyzersEntry_AsTheReadmeSays()
    {
        // dotnet_analyzer_diagnostic.severity is less specific than the presets' category entries.
        var strict = Presets.All.Single(p => p.Mode == "strict");
        var severities = await EffectiveSeveritiesAsync(
            ("preset.globalconfig", File.ReadAllText(Presets.PathOf(strict))),
            (".editorconfig", "root = true\n\n[*.cs]\ndotnet_analyzer_diagnostic.severity = none\n"));
        Assert.All(RuleInventory.Rules.Where(r => r.Descriptor.IsEnabledByDefault), r => Assert.Equal("error", severities[r.Id]));
    }

    /// <summary>
    /// The severity Roslyn gives each rule in a project with the given analyzer config files (as a workspace loads
    /// them from MSBuild), read from what a probe that reports every rule once actually produces.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> EffectiveSeveritiesAsync(params (string Name, string Text)[] configs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-preset-probe");
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Probe", "Probe", LanguageNames.CSharp,
                filePath: Path.Combine(folder, "Probe.csproj"),
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                metadataReferences: TestReferences.Net80))
            .AddDocument(DocumentId.CreateNewId(projectId), "Probe.cs", SourceText.From("class Probe { }"), filePath: Path.Combine(folder, "Probe.cs"));
        foreach (var (name, text) in configs)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: Path.Combine(folder, name));
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ReportEveryRuleAnalyzer(RuleInventory.Rules.Select(r => r.Descriptor))), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();

        var severities = RuleInventory.Rules.ToDictionary(r => r.Id, _ => "none", StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            Assert.True(severities.ContainsKey(diagnostic.Id), diagnostic.ToString());
            severities[diagnostic.Id] = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                DiagnosticSeverity.Info => "suggestion",
                _ => "silent",
            };
        }

        return severities;
    }

#pragma warning disable RS1036 // A test-only probe, not a shipped analyzer.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ReportEveryRuleAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1036
    {
        public ReportEveryRuleAnalyzer(IEnumerable<DiagnosticDescriptor> descriptors) => SupportedDiagnostics = descriptors.ToImmutableArray();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxTreeAction(c =>
            {
                foreach (var descriptor in SupportedDiagnostics)
                {
                    c.ReportDiagnostic(Diagnostic.Create(descriptor, Location.Create(c.Tree, new TextSpan(0, 5))));
                }
            });
        }
    }
}
