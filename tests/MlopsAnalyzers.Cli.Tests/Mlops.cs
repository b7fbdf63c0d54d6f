using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>What one run of the tool gave back.</summary>
public sealed record MlopsResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs the built tool (mlops.dll from src/MlopsAnalyzers.Cli's output) as a process: dotnet mlops.dll ARGS.</summary>
public static class Mlops
{
    private static readonly Lazy<string> ToolPath = new(FindTool);

    public static MlopsResult Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, null, arguments);

    public static MlopsResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ToolPath.Value);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The defaults come from the arguments or these variables, never from the machine running the tests.
        start.Environment["MLOPS_REGISTRY_ROOT"] = null;
        start.Environment["MLOPS_TRACKING_ROOT"] = null;
        foreach (var pair in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mlops {string.Join(' ', arguments)} did not end in 120 s.");
        }

        process.WaitForExit();
        return new MlopsResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>mlops.dll of the same configuration as this test assembly, found from the repository root.</summary>
    private static string FindTool()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = baseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                var tool = Path.Combine(directory.FullName, "src", "MlopsAnalyzers.Cli", "bin", configuration, "net10.0", "mlops.dll");
                return File.Exists(tool) ? tool : throw new FileNotFoundException($"The mlops tool was not built: {tool} is missing (the test project's build builds it).");
            }
        }

        throw new InvalidOperationException("MlopsAnalyzers.sln was not found above " + baseDirectory);
    }
}
