using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security;
using System.Xml.Linq;
using MlopsAnalyzers.Tests.EndToEnd;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>
/// The project the language server opens: the <c>Fixture</c> folder copied to a temporary folder and set up the way a
/// user's project gets the analyzers, as a PackageReference to the MlopsAnalyzers package, here packed from this
/// repository's sources into a local feed. Nothing outside the temporary folder is written.
/// </summary>
public sealed class FixtureWorkspace : IDisposable
{
    public const string SolutionFile = "TrainingApp.sln";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private readonly DotNetCli.TempDirectory _temp;

    private FixtureWorkspace(DotNetCli.TempDirectory temp, string root)
    {
        _temp = temp;
        Root = root;
    }

    /// <summary>The folder holding the solution: the LSP workspace folder.</summary>
    public string Root { get; }

    public string SolutionPath => Path.Combine(Root, SolutionFile);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration this test (and so the package project it references) was built in.</summary>
    private static string BuildConfiguration { get; } = typeof(FixtureWorkspace).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BuildConfiguration").Value!;

    /// <summary>
    /// Packs the analyzers under a version no cache has seen, copies the fixture, points it at the package and at the
    /// <see cref="ThrowingProbe"/> analyzer, and restores it.
    /// </summary>
    public static FixtureWorkspace Create(Action<string> log)
    {
        var temp = new DotNetCli.TempDirectory();
        try
        {
            var feed = Path.Combine(temp.Path, "feed");
            var root = Path.Combine(temp.Path, "workspace");
            var version = "0.0.0-lsp." + Guid.NewGuid().ToString("N")[..12];

            // The package project was built with this test project (a project reference): pack that build.
            Run(log, RepositoryRoot, "pack", "src/MlopsAnalyzers.Package/MlopsAnalyzers.Package.csproj", "--no-build",
                "-c", BuildConfiguration, "-o", feed, "-p:PackageVersion=" + version,
                "-p:NuspecOutputPath=" + Path.Combine(temp.Path, "nuspec") + Path.DirectorySeparatorChar);

            CopyDirectory(Path.Combine(RepositoryRoot, "tests", "MlopsAnalyzers.LanguageServer.Tests", "Fixture"), root);
            File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), PackageVersions(version));
            File.WriteAllText(Path.Combine(root, "nuget.config"), NuGetConfig(feed, Path.Combine(temp.Path, "packages"), GlobalPackagesFolder(log)));
            var probe = ThrowingProbe.Build(Path.Combine(temp.Path, "probe"));
            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"""
                <Project>
                  <ItemGroup>
                    <Analyzer Include="{SecurityElement.Escape(probe)}" />
                  </ItemGroup>
                </Project>
                """);

            Run(log, root, "restore", SolutionFile);
            return new FixtureWorkspace(temp, root);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    /// <summary>Restores the repository's local tools (the pinned csharp-ls).</summary>
    public static void RestoreTools(Action<string> log) => Run(log, RepositoryRoot, "tool", "restore");

    public void Dispose() => _temp.Dispose();

    /// <summary>Microsoft.ML at the version this repository pins, MlopsAnalyzers at the version just packed.</summary>
    private static string PackageVersions(string analyzersVersion)
    {
        var pins = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"));
        var mlNet = pins.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "Microsoft.ML").Attribute("Version")!.Value;
        return $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Microsoft.ML" Version="{mlNet}" />
                <PackageVersion Include="MlopsAnalyzers" Version="{analyzersVersion}" />
              </ItemGroup>
            </Project>
            """;
    }

    /// <summary>
    /// The local feed added to the user's sources; packages extracted into the temporary folder, with the machine's
    /// package folder as a read-only fallback so Microsoft.ML is not downloaded again.
    /// </summary>
    private static string NuGetConfig(string feed, string packages, string machinePackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{SecurityElement.Escape(packages)}" />
          </config>
          <packageSources>
            <add key="mlops-local" value="{SecurityElement.Escape(feed)}" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="machine" value="{SecurityElement.Escape(machinePackages)}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    private static string GlobalPackagesFolder(Action<string> log)
    {
        var output = Run(log, RepositoryRoot, "nuget", "locals", "global-packages", "--list");
        const string Prefix = "global-packages:";
        var line = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return line[Prefix.Length..].Trim();
    }

    private static string Run(Action<string> log, string directory, params string[] arguments)
    {
        var started = DateTime.UtcNow;
        var result = DotNetCli.Run(directory, CommandTimeout, arguments);
        log($"dotnet {arguments[0]} {arguments[1]}: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed: {result}");
        }

        return result.Output;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MlopsAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
