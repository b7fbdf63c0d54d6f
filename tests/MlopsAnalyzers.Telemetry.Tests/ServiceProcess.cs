using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace MlopsAnalyzers.Telemetry.Tests;

/// <summary>Runs a program with <c>dotnet</c>, keeps its output, and stops it (with its children) on dispose.</summary>
public sealed class ServiceProcess : IDisposable
{
    private static readonly Regex Listening = new(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)");
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ManualResetEventSlim _listening = new();
    private string? _url;

    public ServiceProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
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

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs a command to its end: its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        using var process = new ServiceProcess(workingDirectory, new Dictionary<string, string>(), arguments);
        if (!process._process.WaitForExit(timeout))
        {
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {timeout}:\n{process.Output}");
        }

        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>The address Kestrel listens on, once it says so.</summary>
    public string WaitForUrl(TimeSpan timeout)
    {
        if (!_listening.Wait(timeout) || _url is null)
        {
            throw new TimeoutException($"The service did not listen within {timeout} (exited: {_process.HasExited}):\n{Output}");
        }

        return _url;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        _process.Dispose();
        _listening.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = Listening.Match(line);
        if (match.Success && _url is null)
        {
            _url = match.Groups["url"].Value;
            _listening.Set();
        }
    }
}
