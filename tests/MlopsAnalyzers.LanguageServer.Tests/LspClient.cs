using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>
/// A minimal Language Server Protocol client over a child process's stdio: JSON-RPC 2.0 messages framed with a
/// <c>Content-Length</c> header. It sends requests and notifications, answers the server's own requests through a
/// handler, and keeps everything the server printed (stderr, <c>window/logMessage</c>, <c>window/showMessage</c>,
/// <c>$/logTrace</c>) so a failing test can show it.
/// </summary>
public sealed class LspClient : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly Func<string, JsonNode?, JsonNode?> _answerServerRequest;
    private readonly TimeSpan _budget;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _transcript = new();
    private readonly Task _reader;
    private long _nextId;
    private bool _disposed;

    /// <param name="start">The server command; its stdin, stdout and stderr are redirected here.</param>
    /// <param name="answerServerRequest">
    /// Answers a request the server sends (method, params) with its result; throw <see cref="NotSupportedException"/>
    /// for a method the client does not implement.
    /// </param>
    /// <param name="budget">The time the whole session may take: no request waits past it.</param>
    public LspClient(ProcessStartInfo start, Func<string, JsonNode?, JsonNode?> answerServerRequest, TimeSpan budget)
    {
        _budget = budget;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _answerServerRequest = answerServerRequest;
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Record("stderr", e.Data);
            }
        };
        _process.Start();
        _process.BeginErrorReadLine();
        _input = _process.StandardInput.BaseStream;
        _output = _process.StandardOutput.BaseStream;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Time since the server process was started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server printed or logged so far, one line per message, with the time it came.</summary>
    public string Transcript()
    {
        lock (_transcript)
        {
            return string.Join('\n', _transcript);
        }
    }

    /// <summary>The transcript lines recorded from <paramref name="start"/> on (see <see cref="TranscriptLength"/>).</summary>
    public IReadOnlyList<string> TranscriptSince(int start)
    {
        lock (_transcript)
        {
            return _transcript.GetRange(start, _transcript.Count - start);
        }
    }

    public int TranscriptLength
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.Count;
            }
        }
    }

    /// <summary>
    /// Sends a request and waits for its result; a JSON-RPC error, a timeout or the end of the session's budget throws
    /// with the transcript.
    /// </summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var left = _budget - _clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw Failure($"the session's budget of {_budget.TotalMinutes:0} min is spent; '{method}' not sent");
        }

        return await SendRequestAsync(method, parameters, left < timeout ? left : timeout).ConfigureAwait(false);
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    private async Task<JsonNode?> SendRequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }).ConfigureAwait(false);
            if (_reader.IsCompleted && !answer.Task.IsCompleted)
            {
                throw Failure($"'{method}' was sent after the server closed its output");
            }

            try
            {
                return await answer.Task.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "$/cancelRequest", ["params"] = new JsonObject { ["id"] = id } }).ConfigureAwait(false);
                throw Failure($"'{method}' got no answer in {timeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>An exception whose message ends with everything the server printed.</summary>
    public LanguageServerException Failure(string message) =>
        new($"{message} (server {(_process.HasExited ? $"exited with code {_process.ExitCode}" : "still running")}).\nWhat the server printed:\n{Transcript()}");

    /// <summary>
    /// The LSP exit sequence: <c>shutdown</c>, then <c>exit</c>, then waiting for the process; a server that does not
    /// answer or does not exit in time is killed with its child processes. Returns the exit code.
    /// </summary>
    public async Task<int> ShutdownAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Past the session's budget too: a clean exit is still worth asking for.
                await SendRequestAsync("shutdown", null, ExitTimeout).ConfigureAwait(false);
                await NotifyAsync("exit", null).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is LanguageServerException or IOException or ObjectDisposedException)
        {
            Record("client", "shutdown failed: " + e.Message.Split('\n')[0]);
        }

        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Record("client", $"the server did not exit within {ExitTimeout.TotalSeconds:0} s of 'exit'; killing it");
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return -1;
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Kill();
            _process.WaitForExit(ExitTimeout);
        }

        _process.Dispose();
        _writeLock.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    private void Record(string source, string text)
    {
        lock (_transcript)
        {
            _transcript.Add(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0}s {source}] {text}"));
        }
    }

    private async Task WriteAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _input.WriteAsync(header).ConfigureAwait(false);
            await _input.WriteAsync(body).ConfigureAwait(false);
            await _input.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Failure($"could not send '{message["method"]}': {e.Message}");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        string ending = "the server closed its output";
        try
        {
            while (await ReadMessageAsync().ConfigureAwait(false) is { } message)
            {
                await DispatchAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            ending = "reading the server's output failed: " + e.Message;
            Record("client", ending);
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(Failure(ending));
        }
    }

    /// <summary>Reads one framed message: header lines up to an empty line, then exactly Content-Length bytes.</summary>
    private async Task<JsonObject?> ReadMessageAsync()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new FormatException("a message had no Content-Length header");
        }

        var body = new byte[length];
        await _output.ReadExactlyAsync(body).ConfigureAwait(false);
        return JsonNode.Parse(body)?.AsObject() ?? throw new FormatException("a message body was not a JSON object");
    }

    private async Task<string?> ReadHeaderLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _output.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                return bytes.Count == 0 ? null : throw new IOException("the output ended inside a header");
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var method = (string?)message["method"];
        var id = message["id"];
        if (method is null)
        {
            // A response to one of our requests.
            if (id is not null && _pending.TryGetValue((long)id, out var answer))
            {
                if (message["error"] is { } error)
                {
                    answer.TrySetException(Failure($"the server answered with error {error.ToJsonString()}"));
                }
                else
                {
                    answer.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        var parameters = message["params"];
        if (id is null)
        {
            RecordNotification(method, parameters);
            return;
        }

        // A request from the server: answer it, or say the method is not implemented.
        JsonObject reply;
        try
        {
            reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = _answerServerRequest(method, parameters) };
        }
        catch (NotSupportedException)
        {
            reply = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id.DeepClone(),
                ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "not implemented by the test client: " + method },
            };
        }

        Record("server request", method);
        await WriteAsync(reply).ConfigureAwait(false);
    }

    private void RecordNotification(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "window/logMessage":
            case "window/showMessage":
                Record(method, $"{MessageType((int?)parameters?["type"])}: {(string?)parameters?["message"]}");
                break;
            case "$/logTrace":
                Record(method, (string?)parameters?["message"] ?? "");
                break;
            case "$/progress":
                Record(method, parameters?["value"]?.ToJsonString() ?? "");
                break;
            default:
                Record("notification", method);
                break;
        }
    }

    private static string MessageType(int? type) => type switch
    {
        1 => "error",
        2 => "warning",
        3 => "info",
        4 => "log",
        5 => "debug",
        _ => "message",
    };
}

public sealed class LanguageServerException(string message) : Exception(message);
