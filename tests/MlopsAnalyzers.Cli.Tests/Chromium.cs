using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>
/// A browser test: skipped only when <c>MLOPS_SKIP_BROWSER_TESTS=1</c> is set outside CI and no Chromium is found. In CI
/// (<c>CI=true</c>), or without the variable, a missing Chromium fails the test with a message that says what to install.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string SkipVariable = "MLOPS_SKIP_BROWSER_TESTS";

    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && Environment.GetEnvironmentVariable(SkipVariable) == "1" && Chromium.Find() is null)
        {
            Skip = $"No Chromium found and {SkipVariable}=1 (local runs only; CI always runs the browser tests).";
        }
    }
}

/// <summary>
/// Headless Chromium driven over the DevTools protocol (a WebSocket to the page target): navigate, wait for the load
/// event, evaluate script, take screenshots, and collect every console error, uncaught exception and error log entry.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<(string Method, JsonElement Params)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task? _receiver;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser: <c>MLOPS_CHROMIUM</c>, else chromium (the Debian package) or another Chromium on the PATH.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("MLOPS_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Console errors, uncaught exceptions and error-level log entries since the last <see cref="ClearErrors"/>.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_events)
            {
                return _events.Select(e => DescribeError(e.Method, e.Params)).OfType<string>().ToList();
            }
        }
    }

    private static readonly Lazy<string?> Installed = new(InstallWithAptGet, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The browser, installed first when it is missing on a Debian machine where this user may install packages (root,
    /// or password-less sudo): the Debian package <c>chromium</c>, as <c>.ci/run</c> installs it, so the README's test
    /// command works on a fresh machine too. Null when it is still missing.
    /// </summary>
    public static string? FindOrInstall() => Find() ?? Installed.Value;

    private static string? InstallWithAptGet()
    {
        if (!File.Exists("/usr/bin/apt-get"))
        {
            return null;
        }

        var asRoot = Environment.UserName == "root";
        if (!asRoot && !(File.Exists("/usr/bin/sudo") && Run("/usr/bin/sudo", "-n true") == 0))
        {
            return null;
        }

        foreach (var step in new[] { "apt-get update -qq", "apt-get install -y -qq chromium" })
        {
            var arguments = "DEBIAN_FRONTEND=noninteractive " + step;
            Run(asRoot ? "/usr/bin/env" : "/usr/bin/sudo", asRoot ? arguments : "-n /usr/bin/env " + arguments);
        }

        return Find();
    }

    private static int Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(10).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return -1;
        }

        Task.WaitAll(output, error);
        return process.ExitCode;
    }

    public static async Task<Chromium> StartAsync(int width, int height)
    {
        var executable = FindOrInstall() ?? throw new InvalidOperationException(
            "Chromium was not found (looked for MLOPS_CHROMIUM, then chromium, chromium-browser, google-chrome on the PATH). " +
            $"Install the Debian package: apt-get install chromium (.ci/run does), or, on a local machine only, set {BrowserFactAttribute.SkipVariable}=1 to skip the browser tests.");
        var profile = Path.Combine(Path.GetTempPath(), "mlops-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--mute-audio",
            "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--window-size={width},{height}",
            "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var browser = new Chromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            var at = e.Data.IndexOf("ws://", StringComparison.Ordinal);
            if (e.Data.StartsWith("DevTools listening on ", StringComparison.Ordinal) && at >= 0)
            {
                endpoint.TrySetResult(e.Data.Substring(at));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            var ready = await Task.WhenAny(endpoint.Task, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
            if (ready != endpoint.Task)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"Chromium ({executable}) did not open its DevTools endpoint within 60 s{(process.HasExited ? $" (it exited with {process.ExitCode})" : "")}: {output}");
                }
            }

            // The page target of the first tab, from the browser endpoint's host and port.
            var browserUri = new Uri(endpoint.Task.Result);
            using var http = new HttpClient();
            var targets = JsonDocument.Parse(await http.GetStringAsync($"http://{browserUri.Authority}/json/list").ConfigureAwait(false)).RootElement;
            var page = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString()!;
            await browser._socket.ConnectAsync(new Uri(page), CancellationToken.None).ConfigureAwait(false);
            browser._receiver = Task.Run(browser.ReceiveAsync);
            await browser.SendAsync("Runtime.enable").ConfigureAwait(false);
            await browser.SendAsync("Log.enable").ConfigureAwait(false);
            await browser.SendAsync("Page.enable").ConfigureAwait(false);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void ClearErrors()
    {
        lock (_events)
        {
            _events.Clear();
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        int seen;
        lock (_events)
        {
            seen = _events.Count;
        }

        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }).ConfigureAwait(false);
        if (result.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_events)
            {
                if (_events.Skip(seen).Any(e => e.Method == "Page.loadEventFired"))
                {
                    return;
                }
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{url} did not finish loading within 60 s.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value (JSON-serializable).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }).ConfigureAwait(false);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException("The page's script failed: " + exception);
        }

        return result.GetProperty("result").GetProperty("value").Clone();
    }

    /// <summary>A PNG of the whole page (beyond the window when the page is longer).</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }).ConfigureAwait(false);
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        var done = await Task.WhenAny(completion.Task, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
        return done == completion.Task ? completion.Task.Result : throw new TimeoutException($"Chromium did not answer {method} within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
        }

        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        if (_receiver is not null)
        {
            await Task.WhenAny(_receiver, Task.Delay(5_000)).ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? DescribeError(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                return "console." + parameters.GetProperty("type").GetString() + ": " + string.Join(" ", parameters.GetProperty("args").EnumerateArray().Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var d) ? d.GetString() : a.ToString()));
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                return "uncaught: " + (details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var description) ? description.GetString() : details.GetProperty("text").GetString());
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = parameters.GetProperty("entry");
                return "log (" + entry.GetProperty("source").GetString() + "): " + entry.GetProperty("text").GetString() + (entry.TryGetProperty("url", out var url) ? " " + url.GetString() : "");
            default:
                return null;
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);

                var root = JsonDocument.Parse(message.ToArray()).RootElement;
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var completion))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        completion.TrySetException(new InvalidOperationException("DevTools error: " + error));
                    }
                    else
                    {
                        completion.TrySetResult(root.GetProperty("result").Clone());
                    }
                }
                else if (root.TryGetProperty("method", out var method))
                {
                    lock (_events)
                    {
                        _events.Add((method.GetString()!, root.TryGetProperty("params", out var p) ? p.Clone() : default));
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }
}
