using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>The tool as users get it: packed (from the build the tests already made) and installed with dotnet tool install.</summary>
[Trait("Category", "Cli")]
public sealed class ToolPackageTests
{
    [Fact]
    public void ThePackageInstallsWithDotnetToolInstallAndRunsAsMlops()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var feed = w.PathOf("feed");
        var tools = w.PathOf("tools");

        var pack = Dotnet(root, w.PathOf("nuget-cache"), "pack", Path.Combine(root, "src", "MlopsAnalyzers.Cli", "MlopsAnalyzers.Cli.csproj"), "--no-build", "-c", configuration, "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var package = Assert.Single(Directory.GetFiles(feed, "MlopsAnalyzers.Cli.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package).Substring("MlopsAnalyzers.Cli.".Length);

        // A fresh package cache, so an earlier install of the same version cannot stand in for this build.
        var install = Dotnet(w.Directory, w.PathOf("nuget-cache"), "tool", "install", "MlopsAnalyzers.Cli", "--version", version, "--tool-path", tools, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.ToString());

        var mlops = Path.Combine(tools, OperatingSystem.IsWindows() ? "mlops.exe" : "mlops");
        var list = Run(mlops, w.Directory, "--registry", w.RegistryRoot, "models", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(new[] { "churn", "house" }, list.Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(3, Run(mlops, w.Directory, "--registry", w.RegistryRoot, "models", "show", "nothing").ExitCode);
    }

    private static MlopsResult Dotnet(string directory, string packages, params string[] arguments)
        => Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", directory, arguments, ("NUGET_PACKAGES", packages));

    private static MlopsResult Run(string executable, string directory, params string[] arguments) => Run(executable, directory, arguments, null);

    private static MlopsResult Run(string executable, string directory, string[] arguments, (string Name, string Value)? variable)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (variable is { } v)
        {
            start.Environment[v.Name] = v.Value;
        }

        start.Environment["MLOPS_REGISTRY_ROOT"] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not end in 300 s.");
        }

        process.WaitForExit();
        return new MlopsResult(process.ExitCode, output.Result, error.Result);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MlopsAnalyzers.sln was not found above " + AppContext.BaseDirectory);
    }
}
