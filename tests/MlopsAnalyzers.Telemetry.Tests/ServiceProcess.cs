using System;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace MlopsAnalyzers.Telemetry.Tests;

/// <summary>
/// A service started with <c>dotnet &lt;program&gt;.dll</c>: its output is kept, the address Kestrel listens on is
/// read from it, and the process (with its children) is stopped on dispose. Commands that run to their end use
/// <c>DotNetCli.Run</c> (linked from the analyzer tests).
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private static readonly Regex Listening = new(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)");
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ManualResetEventSlim _listening = new();
    private string? _url;

    public ServiceProcess(string workingDirectory, string program, string registryRoot)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0"); // a free loopback port, which Kestrel then prints
        start.Environment[Abstractions.ModelRegistry.RootEnvironmentVariable] = registryRoot;
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
