using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using MlopsAnalyzers.Tests.Documentation;

namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// Packs the real nupkg and checks what users get: the two DLLs as analyzers, the <c>MlopsAnalysisMode</c> presets under
/// <c>buildTransitive/</c>, nothing else that runs.
/// </summary>
[Collection(DotNetCliCollection.Name)]
public class PackageLayoutTests
{
    private readonly PackageFeed _feed;

    public PackageLayoutTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void PackHasExactlyTheAnalyzerAndFixAssembliesAsADevelopmentDependency()
    {
        var package = _feed.PackagePath;
        Assert.StartsWith("MlopsAnalyzers.", Path.GetFileName(package), StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        var assemblies = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e, StringComparer.Ordinal);
        Assert.Equal(new[] { "analyzers/dotnet/cs/MlopsAnalyzers.CodeFixes.dll", "analyzers/dotnet/cs/MlopsAnalyzers.dll" }, assemblies);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.StartsWith("build/", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("README.md", entries);

        var (metadata, ns) = ReadMetadata(zip);
        Assert.Equal("MlopsAnalyzers", metadata.Element(ns + "id")?.Value);
        Assert.Equal(_feed.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "authors")?.Value));
        Assert.Contains("ml.net", metadata.Element(ns + "tags")?.Value ?? "", StringComparison.Ordinal);
        Assert.NotNull(metadata.Element(ns + "repository")?.Attribute("url"));
    }

    [Fact]
    public void AbstractionsPackHasBothFrameworksAndDependsOnMlNetOnly()
    {
        using var temp = new DotNetCli.TempDirectory();
        var package = Pack(temp, "src/MlopsAnalyzers.Abstractions/MlopsAnalyzers.Abstractions.csproj");
        Assert.StartsWith("MlopsAnalyzers.Abstractions.", Path.GetFileName(package), StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var assemblies = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e, StringComparer.Ordinal);
        Assert.Equal(new[] { "lib/net8.0/MlopsAnalyzers.Abstractions.dll", "lib/netstandard2.0/MlopsAnalyzers.Abstractions.dll" }, assemblies);
        Assert.Contains("lib/net8.0/MlopsAnalyzers.Abstractions.xml", entries);
        Assert.Contains("lib/netstandard2.0/MlopsAnalyzers.Abstractions.xml", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.OrdinalIgnoreCase));

        var (metadata, ns) = ReadMetadata(zip);
        Assert.Equal("MlopsAnalyzers.Abstractions", metadata.Element(ns + "id")?.Value);
        Assert.Null(metadata.Element(ns + "developmentDependency"));
        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group")
            .ToDictionary(
                g => g.Attribute("targetFramework")!.Value,
                g => g.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).OrderBy(id => id, StringComparer.Ordinal).ToList());
        Assert.Equal(new[] { ".NETStandard2.0", "net8.0" }, groups.Keys.OrderBy(k => k, StringComparer.Ordinal));
        // On netstandard2.0 the two libraries .NET 8 has in the box come as packages: System.Text.Json (metadata,
        // baselines, runs) and System.Diagnostics.DiagnosticSource (System.Diagnostics.Metrics, the serving metrics).
        Assert.Equal(new[] { "Microsoft.ML", "System.Diagnostics.DiagnosticSource", "System.Text.Json" }, groups[".NETStandard2.0"]);
        Assert.Equal(new[] { "Microsoft.ML" }, groups["net8.0"]);
    }

    /// <summary>Packs a project of the repository in Release into the temporary folder and returns the nupkg.</summary>
    private static string Pack(DotNetCli.TempDirectory temp, string project)
    {
        var output = Path.Combine(temp.Path, "out");
        var result = DotNetCli.Run(
            RuleInventory.RepositoryRoot,
            TimeSpan.FromMinutes(5),
            "pack", project,
            "-c", "Release", "-o", output,
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(temp.Path, "artifacts"));
        Assert.True(result.ExitCode == 0, result.ToString());
        return Assert.Single(Directory.GetFiles(output, "*.nupkg"));
    }

    private static (XElement Metadata, XNamespace Ns) ReadMetadata(ZipArchive zip)
    {
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.GetDefaultNamespace();
        return (nuspec.Root.Element(ns + "metadata")!, ns);
    }

    [Fact]
    public void BuildTransitiveHoldsTheTargetsAndEveryPresetAsInTheRepository()
    {
        using var zip = ZipFile.OpenRead(_feed.PackagePath);
        var shipped = zip.Entries.Where(e => e.FullName.StartsWith("buildTransitive/", StringComparison.Ordinal)).ToList();
        var expected = Presets.All.Select(p => p.PackagePath).Append("buildTransitive/MlopsAnalyzers.targets").OrderBy(e => e, StringComparer.Ordinal);
        Assert.Equal(expected, shipped.Select(e => e.FullName).OrderBy(e => e, StringComparer.Ordinal));

        foreach (var entry in shipped)
        {
            using var reader = new StreamReader(entry.Open());
            var repositoryFile = Path.Combine(Presets.BuildTransitiveFolder, entry.Name);
            Assert.True(File.ReadAllText(repositoryFile) == reader.ReadToEnd(), $"{entry.FullName} differs from the repository's file.");
        }
    }
}
