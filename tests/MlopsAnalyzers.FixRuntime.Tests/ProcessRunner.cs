using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>Runs <c>dotnet</c> (the CLI or an app) with a timeout, a controlled environment and the output kept.</summary>
public static class ProcessRunner
{
    /// <summary>Variables of the test process that would change what a child does: removed unless a test sets them.</summary>
    private static readonly string[] Cleared =
    {
        "MLOPS_REGISTRY_ROOT", "MLOPS_TRACKING_ROOT", "MLOPS_DATA_ROOT",
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
    };

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:F0} s\n{Output}";
    }

    public static Result Dotnet(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Cleared)
        {
            start.Environment.Remove(name);
        }

        // No build servers or node reuse: nothing outlives the test.
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                return new Result(-1, $"dotnet {string.Join(' ', arguments)} did not finish in {timeout}.\n{output}", clock.Elapsed);
            }
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }
}
