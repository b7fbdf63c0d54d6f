using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>
/// A registry writer in a process of its own (a test assembly run as a program), printing "registered N" per version;
/// shared with the store tests, which run the same process tests against Azurite and s3rver.
/// </summary>
public sealed class WriterProcess
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly System.Text.StringBuilder _errors = new();

    private WriterProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    /// <summary>Runs <c>dotnet exec &lt;assembly&gt; &lt;arguments&gt;</c> with its output captured.</summary>
    public static WriterProcess Start(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var writer = new WriterProcess(new Process { StartInfo = start });
        writer._process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer._lines) { writer._lines.Add(e.Data); } } };
        writer._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer._errors) { writer._errors.AppendLine(e.Data); } } };
        writer._process.Start();
        writer._process.BeginOutputReadLine();
        writer._process.BeginErrorReadLine();
        return writer;
    }

    /// <summary>Waits for a successful exit and returns the lines the process printed.</summary>
    public IReadOnlyList<string> WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            Kill();
            throw new TimeoutException("The writer process did not finish: " + Describe());
        }

        _process.WaitForExit();
        Assert.True(_process.ExitCode == 0, "writer failed: " + Describe());
        lock (_lines)
        {
            return _lines.ToList();
        }
    }

    /// <summary>The versions a "register" writer printed, once it has exited successfully.</summary>
    public IReadOnlyList<int> WaitForVersions(TimeSpan timeout)
        => WaitForExit(timeout).Select(l => int.Parse(l.Substring("registered ".Length), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public void WaitForOutputLines(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_lines)
            {
                if (_lines.Count >= count)
                {
                    return;
                }
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                Kill();
                throw new TimeoutException("The writer process did not register in time: " + Describe());
            }

            Thread.Sleep(10);
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    private string Describe()
    {
        lock (_lines)
        {
            lock (_errors)
            {
                return $"output:\n{string.Join('\n', _lines)}\nerrors:\n{_errors}";
            }
        }
    }
}

/// <summary>What a writer process runs: registrations in a loop, each version printed as "registered N".</summary>
public static class RegisterLoop
{
    /// <summary>
    /// Loads <paramref name="modelFile"/>, waits for <paramref name="goFile"/> (so that writers start together), then
    /// registers it <paramref name="count"/> times (0: until killed) into <paramref name="registry"/>.
    /// </summary>
    public static int Run(IModelRegistry registry, string name, string modelFile, int count, string goFile)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(modelFile, out var schema);
        for (var waited = 0; !System.IO.File.Exists(goFile); waited++)
        {
            if (waited > 12_000)
            {
                return 3;
            }

            Thread.Sleep(5);
        }

        for (var i = 0; count == 0 || i < count; i++)
        {
            var version = registry.Register(ml, name, model, schema);
            Console.WriteLine("registered " + version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return 0;
    }
}
