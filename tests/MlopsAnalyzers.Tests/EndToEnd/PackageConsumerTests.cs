using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlopsAnalyzers.Tests.Documentation;

namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// The package as users meet it, with the real <c>dotnet</c>: a throwaway ML.NET console project adds the packed nupkg
/// from a local feed (<c>dotnet add package</c>, as the README says), then is built by default, with each preset, with
/// <c>.editorconfig</c> overrides, with a SARIF log, and fixed by <c>dotnet format</c>. One test, because every step
/// needs the restored project; each assertion says which step failed.
/// </summary>
[Collection(DotNetCliCollection.Name)]
public class PackageConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly Regex Reported = new(
        @"^(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>MLOPS\d{3}):",
        RegexOptions.Multiline);

    /// <summary>The smells the consumer's code has: one per rule, and the statement each one is in.</summary>
    private static readonly (string Id, string FlaggedCode)[] Smells =
    {
        ("MLOPS301", "var ml = new MLContext();"),
        ("MLOPS302", "var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);"),
        ("MLOPS104", "ml.Model.Save(model, null, modelPath);"),
    };

    private const string TrainerSource = """
        using Microsoft.ML;

        namespace Consumer;

        public sealed class House
        {
            public float Size { get; set; }
            public float Price { get; set; }
        }

        public static class Trainer
        {
            public static void TrainAndSave(IEnumerable<House> houses, string modelPath)
            {
                var ml = new MLContext();
                var data = ml.Data.LoadFromEnumerable(houses);
                var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(House.Price)));
                var model = pipeline.Fit(split.TrainSet);
                ml.Model.Save(model, null, modelPath);
            }
        }

        """;

    private const string ProgramSource = """
        using Consumer;

        var houses = Enumerable.Range(1, 50).Select(i => new House { Size = i, Price = 3 * i + 7 });
        Trainer.TrainAndSave(houses, Path.Combine(AppContext.BaseDirectory, "model.zip"));

        """;

    private readonly PackageFeed _feed;

    public PackageConsumerTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void ConsumerProjectGetsRulesPresetsOverridesSarifAndFixes()
    {
        using var temp = new DotNetCli.TempDirectory();
        var project = CreateConsumer(temp.Path);
        var trainer = Path.Combine(project, "Trainer.cs");
        var line = Smells.ToDictionary(s => s.Id, s => LineOf(TrainerSource, s.FlaggedCode), StringComparer.Ordinal);

        // Install as the README says; a development dependency flows to nobody.
        var add = DotNetCli.Run(project, Timeout, "add", "package", "MlopsAnalyzers", "--version", _feed.Version);
        Assert.True(add.ExitCode == 0, "dotnet add package: " + add);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", File.ReadAllText(Path.Combine(project, "Consumer.csproj")), StringComparison.Ordinal);

        // Default: the warning-level rules show as warnings (the suggestion does not), and a SARIF 2.1 log is written.
        var build = Build(project, "-p:ErrorLog=out.sarif%2Cversion=2.1");
        Assert.True(build.ExitCode == 0, "default build: " + build);
        var expected = new[] { $"warning MLOPS104 Trainer.cs:{line["MLOPS104"]}", $"warning MLOPS301 Trainer.cs:{line["MLOPS301"]}" };
        AssertReported(expected, build, "default build");
        // The log has the suggestions too, as notes: code-scanning dashboards show every level. MLOPS103 (saved with no
        // version metadata) is a suggestion on the same Save call as MLOPS104.
        AssertSarif(
            Path.Combine(project, "out.sarif"),
            expected.Append($"note MLOPS302 Trainer.cs:{line["MLOPS302"]}").Append($"note MLOPS103 Trainer.cs:{line["MLOPS104"]}"));

        // strict: every rule that is on by default is an error, the suggestion included, and the build fails.
        var strict = Build(project, "-p:MlopsAnalysisMode=strict");
        Assert.True(strict.ExitCode != 0, "strict build must fail: " + strict);
        var strictReported = ReportedIn(strict);
        foreach (var (id, _) in Smells)
        {
            Assert.True(strictReported.Contains($"error {id} Trainer.cs:{line[id]}"), $"strict build lacks error {id}:\n{strict}");
        }

        Assert.True(strictReported.All(r => r.StartsWith("error ", StringComparison.Ordinal)), "strict build reports MLOps rules below error:\n" + strict);

        // A misspelt mode fails the build instead of silently turning the gate off.
        var misspelt = Build(project, "-p:MlopsAnalysisMode=stirct");
        Assert.True(misspelt.ExitCode != 0 && misspelt.Output.Contains("error MLOPSMODE", StringComparison.Ordinal), "misspelt mode: " + misspelt);

        // The user's .editorconfig beats the preset, by category and by rule ID.
        File.WriteAllText(Path.Combine(project, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_analyzer_diagnostic.category-MLOps.Artifacts.severity = none
            dotnet_diagnostic.MLOPS301.severity = error

            """);
        var overridden = Build(project, "-p:MlopsAnalysisMode=recommended");
        Assert.True(overridden.ExitCode != 0, "MLOPS301 raised to error must fail the build: " + overridden);
        var overriddenReported = ReportedIn(overridden);
        Assert.Contains($"error MLOPS301 Trainer.cs:{line["MLOPS301"]}", overriddenReported);
        Assert.Contains($"warning MLOPS302 Trainer.cs:{line["MLOPS302"]}", overriddenReported);
        Assert.True(!overriddenReported.Any(r => r.Contains(" MLOPS1", StringComparison.Ordinal)), "the Artifacts category is off in .editorconfig:\n" + overridden);
        File.Delete(Path.Combine(project, ".editorconfig"));

        // dotnet format applies the package's fixes; the project then builds clean of those rules.
        var ids = Smells.Select(s => s.Id).ToArray();
        Assert.All(ids, id => Assert.True(RuleInventory.Rules.Single(r => r.Id == id).HasCodeFix, id + " has no code fix."));
        var format = DotNetCli.Run(project, Timeout, new[] { "format", "analyzers", "--no-restore", "--severity", "info", "--diagnostics" }.Concat(ids).ToArray());
        Assert.True(format.ExitCode == 0, "dotnet format: " + format);
        var formatted = File.ReadAllText(trainer);
        Assert.True(formatted != TrainerSource, "dotnet format changed nothing:\n" + format);

        // dotnet format re-analyzes before each rule's fixes, in no fixed order: once MLOPS301 has seeded the context,
        // the split is deterministic and MLOPS302 rightly no longer fires. So the check is the build, not the text.
        var fixedBuild = Build(project, "-p:MlopsAnalysisMode=recommended");
        Assert.True(fixedBuild.ExitCode == 0, "build after dotnet format: " + fixedBuild + "\n" + formatted);
        var remaining = ReportedIn(fixedBuild).Where(r => ids.Any(id => r.Contains(" " + id + " ", StringComparison.Ordinal))).ToList();
        Assert.True(remaining.Count == 0, "still reported after dotnet format:\n" + string.Join('\n', remaining) + "\n" + formatted);
    }

    private string CreateConsumer(string root)
    {
        // The local feed and nuget.org (for Microsoft.ML); nothing from the machine's own NuGet or MSBuild settings.
        var feed = new System.Xml.Linq.XAttribute("value", _feed.Folder).ToString();
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" {feed} />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");

        var project = Path.Combine(root, "Consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="{PackageFeed.CentralPackageVersion("Microsoft.ML")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Trainer.cs"), TrainerSource);
        File.WriteAllText(Path.Combine(project, "Program.cs"), ProgramSource);
        return project;
    }

    private static DotNetCli.Result Build(string project, params string[] properties)
        => DotNetCli.Run(project, Timeout, new[] { "build", "--no-incremental", "--no-restore", "-tl:off", "-clp:NoSummary" }.Concat(properties).ToArray());

    /// <summary>"severity ID file:line" for every MLOps diagnostic in a build's output.</summary>
    private static HashSet<string> ReportedIn(DotNetCli.Result build)
        => Reported.Matches(build.Output)
            .Select(m => $"{m.Groups["severity"].Value} {m.Groups["id"].Value} {Path.GetFileName(m.Groups["file"].Value.Trim())}:{m.Groups["line"].Value}")
            .ToHashSet(StringComparer.Ordinal);

    private static void AssertReported(IEnumerable<string> expected, DotNetCli.Result build, string step)
    {
        var actual = ReportedIn(build).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var wanted = expected.OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.True(wanted.SequenceEqual(actual), $"{step}: expected\n{string.Join('\n', wanted)}\nactual\n{string.Join('\n', actual)}\n\n{build}");
    }

    private static void AssertSarif(string path, IEnumerable<string> expected)
    {
        Assert.True(File.Exists(path), "no SARIF log was written");
        using var sarif = JsonDocument.Parse(File.ReadAllText(path));
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);

        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var results = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("MLOPS", StringComparison.Ordinal))
            .Select(r =>
            {
                var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                var file = Path.GetFileName(new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath);
                return $"{r.GetProperty("level").GetString()} {r.GetProperty("ruleId").GetString()} {file}:{location.GetProperty("region").GetProperty("startLine").GetInt32()}";
            })
            .OrderBy(r => r, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(r => r, StringComparer.Ordinal), results);

        // Each rule is described with its help link, so dashboards link to the docs page.
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.TryGetProperty("helpUri", out var uri) ? uri.GetString() : null, StringComparer.Ordinal);
        foreach (var id in expected.Select(e => e.Split(' ')[1]))
        {
            Assert.Equal(Descriptors.GetHelpLink(id), rules[id]);
        }
    }

    private static int LineOf(string source, string code)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var index = Assert.Single(Enumerable.Range(0, lines.Length), i => lines[i].Contains(code, StringComparison.Ordinal));
        return index + 1;
    }
}
