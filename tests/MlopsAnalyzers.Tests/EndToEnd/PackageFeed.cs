using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using MlopsAnalyzers.Tests.Documentation;

namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// The real nupkg, packed once per test run (on first use) into a temporary local feed, under a version of its own so
/// that a package with the repository's version already in the NuGet cache can never stand in for it. On dispose the
/// feed and that version's folder in the global packages folder are deleted.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    private readonly Lazy<string> _package;
    private readonly DotNetCli.TempDirectory _temp = new();

    public PackageFeed()
    {
        Version = $"{RepositoryVersion()}-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N").Substring(0, 8)}";
        _package = new Lazy<string>(Pack);
    }

    /// <summary>The version the package is packed with, unique to this test run.</summary>
    public string Version { get; }

    /// <summary>The folder that holds the nupkg (a local NuGet feed).</summary>
    public string Folder => Path.GetDirectoryName(PackagePath)!;

    /// <summary>The nupkg, packed on first use.</summary>
    public string PackagePath => _package.Value;

    /// <summary>The version of a package in the repository's central package management.</summary>
    public static string CentralPackageVersion(string id)
    {
        var props = XDocument.Load(Path.Combine(RuleInventory.RepositoryRoot, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(e => e.Attribute("Include")?.Value == id).Attribute("Version")!.Value;
    }

    public void Dispose()
    {
        if (_package.IsValueCreated && GlobalPackagesFolder() is { } packages)
        {
            // Only this run's version: the folder name holds the unique stamp.
            var extracted = Path.Combine(packages, "mlopsanalyzers", Version.ToLowerInvariant());
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }

        _temp.Dispose();
    }

    private string Pack()
    {
        var feed = Path.Combine(_temp.Path, "feed");
        var result = DotNetCli.Run(
            RuleInventory.RepositoryRoot,
            TimeSpan.FromMinutes(5),
            "pack", "src/MlopsAnalyzers.Package/MlopsAnalyzers.Package.csproj",
            "-c", "Release", "-o", feed, "-p:PackageVersion=" + Version,
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(_temp.Path, "artifacts"));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed: " + result);
        }

        return Directory.GetFiles(feed, "*.nupkg").Single();
    }

    private static string RepositoryVersion()
    {
        var props = XDocument.Load(Path.Combine(RuleInventory.RepositoryRoot, "Directory.Build.props"));
        return props.Descendants("Version").First().Value.Trim();
    }

    private static string? GlobalPackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var result = DotNetCli.Run(Path.GetTempPath(), TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        var line = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
        return line?.Substring("global-packages:".Length).Trim();
    }
}
