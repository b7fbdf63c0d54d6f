using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>
/// A Language Server Protocol client over a child process's stdio: StreamJsonRpc speaks JSON-RPC 2.0 with
/// <c>Content-Length</c> framing and camelCase System.Text.Json. It sends requests and notifications, answers the
/// server's own requests through a target object, and keeps everything the server printed (stderr,
/// <c>window/logMessage</c>, <c>window/showMessage</c>, <c>$/logTrace</c>, <c>$/progress</c>, messages it sent that
/// nothing here handles) so a failing test can show it.
/// </summary>
public sealed class LspClient : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly TimeSpan _budget;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _transcript = new();
    private bool _disposed;

    /// <param name="start">The server command; its stdin, stdout and stderr are redirected here.</param>
    /// <param name="serverRequests">
    /// Answers the requests the server sends: its <see cref="JsonRpcMethodAttribute"/> methods. A request for any other
    /// method is answered "method not found".
    /// </param>
    /// <param name="budget">The time the whole session may take: no request waits past it.</param>
    public LspClient(ProcessStartInfo start, object serverRequests, TimeSpan budget)
    {
        _budget = budget;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
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

        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        _rpc = new JsonRpc(new HeaderDelimitedMessageHandler(_process.StandardInput.BaseStream, _process.StandardOutput.BaseStream, formatter))
        {
            // The server's messages are handled on the reading thread, one after the other: what it logged before it
            // answered a request is in the transcript by the time the answer is returned.
            SynchronizationContext = new InlineSynchronizationContext(),
        };
        _rpc.AddLocalRpcTarget(new ServerOutput(this));
        _rpc.AddLocalRpcTarget(serverRequests);
        _rpc.TraceSource.Switch.Level = SourceLevels.Warning;
        _rpc.TraceSource.Listeners.Add(new UnhandledMessages(this));
        _rpc.Disconnected += (_, e) => Record("client", $"connection closed ({e.Reason}): {e.Description}");
        _rpc.StartListening();
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
    public Task<TResult> RequestAsync<TResult>(string method, object? parameters, TimeSpan timeout)
    {
        var left = _budget - _clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw Failure($"the session's budget of {_budget.TotalMinutes:0} min is spent; '{method}' not sent");
        }

        return SendRequestAsync<TResult>(method, parameters, left < timeout ? left : timeout);
    }

    public async Task NotifyAsync(string method, object? parameters)
    {
        try
        {
            await _rpc.NotifyWithParameterObjectAsync(method, parameters).ConfigureAwait(false);
        }
        catch (ConnectionLostException e)
        {
            throw Failure($"could not send '{method}': {e.Message}");
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
                await SendRequestAsync<object?>("shutdown", null, ExitTimeout).ConfigureAwait(false);
                await NotifyAsync("exit", null).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is LanguageServerException or ObjectDisposedException)
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
        _rpc.Dispose();
        if (!_process.HasExited)
        {
            Kill();
            _process.WaitForExit(ExitTimeout);
        }

        _process.Dispose();
    }

    private async Task<TResult> SendRequestAsync<TResult>(string method, object? parameters, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            // The token sends $/cancelRequest when it fires; StreamJsonRpc's task still waits for the server's answer,
            // the test does not.
            return await _rpc.InvokeWithParameterObjectAsync<TResult>(method, parameters, timer.Token).WaitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw Failure($"'{method}' got no answer in {timeout.TotalSeconds:0} s");
        }
        catch (RemoteInvocationException e)
        {
            throw Failure($"the server answered '{method}' with error {e.ErrorCode}: {e.Message}");
        }
        catch (ConnectionLostException e)
        {
            throw Failure($"'{method}' got no answer: {e.Message}");
        }
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

    private static string MessageType(int type) => type switch
    {
        1 => "error",
        2 => "warning",
        3 => "info",
        4 => "log",
        5 => "debug",
        _ => "message",
    };

    /// <summary>The notifications in which the server tells what it is doing, kept in the transcript.</summary>
    private sealed class ServerOutput(LspClient client)
    {
        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void LogMessage(MessageParams message) => client.Record("window/logMessage", $"{MessageType(message.Type)}: {message.Message}");

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public void ShowMessage(MessageParams message) => client.Record("window/showMessage", $"{MessageType(message.Type)}: {message.Message}");

        [JsonRpcMethod("$/logTrace", UseSingleObjectParameterDeserialization = true)]
        public void LogTrace(MessageParams trace) => client.Record("$/logTrace", trace.Message);

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public void Progress(ProgressParams progress) => client.Record("$/progress", progress.Value.GetRawText());
    }

    private sealed record MessageParams(int Type, string Message);

    private sealed record ProgressParams(JsonElement Value);

    /// <summary>
    /// Records what StreamJsonRpc traces about the server's messages that nothing here handles: notifications it
    /// drops, requests it answers "method not found", and handlers that threw.
    /// </summary>
    private sealed class UnhandledMessages(LspClient client) : TraceListener
    {
        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? format, params object?[]? args) =>
            TraceEvent(eventCache, source, eventType, id, args is null ? format : string.Format(CultureInfo.InvariantCulture, format ?? "", args));

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? message)
        {
            if ((JsonRpc.TraceEvents)id is JsonRpc.TraceEvents.RequestWithoutMatchingTarget or JsonRpc.TraceEvents.LocalInvocationError)
            {
                // The first line: an exception's stack would name this test's own types.
                client.Record("json-rpc", (message ?? "").Split('\n')[0]);
            }
        }

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }
    }

    /// <summary>Runs what is posted at once, on the posting thread: StreamJsonRpc's reading loop.</summary>
    private sealed class InlineSynchronizationContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);
    }
}

public sealed class LanguageServerException(string message) : Exception(message);
