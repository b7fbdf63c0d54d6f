using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>One diagnostic as the server reported it.</summary>
public sealed record LspDiagnostic(string Code, Range Range, int Severity, string Message)
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;

    /// <summary>The fields a test compares: ID, range and severity.</summary>
    public string Key => $"{Code} {Range} {SeverityName(Severity)}";

    public override string ToString() => $"{Key}: {Message}";

    public static string SeverityName(int severity) => severity switch
    {
        Error => "error",
        Warning => "warning",
        Information => "information",
        Hint => "hint",
        _ => "severity " + severity,
    };
}

/// <summary>
/// csharp-ls, the Roslyn-based language server pinned in the repository's tool manifest, started on a solution with
/// analyzers enabled (<c>csharp.analyzersEnabled</c>, both answered to <c>workspace/configuration</c> and sent with
/// <c>workspace/didChangeConfiguration</c>). Diagnostics are pulled (<c>textDocument/diagnostic</c>,
/// <c>workspace/diagnostic</c>), as editors do with this server.
/// </summary>
public sealed class CSharpLanguageServer : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A session, start to exit, takes under a minute on an idle 2-core machine; this bounds a slow one.</summary>
    private static readonly TimeSpan SessionBudget = TimeSpan.FromMinutes(5);

    private readonly LspClient _client;
    private readonly string _root;

    private CSharpLanguageServer(LspClient client, string root)
    {
        _client = client;
        _root = root;
    }

    public LspClient Client => _client;

    /// <summary>The <c>csharp</c> settings section.</summary>
    public static object Settings { get; } = new { analyzersEnabled = true };

    /// <summary>Starts the server on <paramref name="solutionPath"/> and runs the LSP initialization handshake.</summary>
    public static async Task<CSharpLanguageServer> StartAsync(string repositoryRoot, string workspaceRoot, string solutionPath)
    {
        // `dotnet tool run` finds csharp-ls through the manifest in the repository's .config folder.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { "tool", "run", "csharp-ls", "--", "--solution", solutionPath, "--locale", "en-US" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point the server's MSBuild at the wrong SDK; no build servers or
        // node reuse, so nothing outlives the test.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var client = new LspClient(start, new ServerRequests(), SessionBudget);
        var server = new CSharpLanguageServer(client, workspaceRoot);
        try
        {
            var rootUri = new Uri(Path.TrimEndingDirectorySeparator(workspaceRoot)).AbsoluteUri;
            await client.RequestAsync<object>("initialize", new
            {
                processId = Environment.ProcessId,
                clientInfo = new { name = "MlopsAnalyzers language-server test" },
                rootUri,
                workspaceFolders = new[] { new { uri = rootUri, name = "fixture" } },
                trace = "messages",
                capabilities = new
                {
                    workspace = new
                    {
                        configuration = true,
                        didChangeConfiguration = new { dynamicRegistration = false },
                        diagnostics = new { refreshSupport = false },
                    },
                    textDocument = new
                    {
                        synchronization = new { dynamicRegistration = false, didSave = false },
                        diagnostic = new { dynamicRegistration = false },
                    },
                    window = new { workDoneProgress = true },
                },
            }, RequestTimeout);
            await client.NotifyAsync("initialized", new { });
            await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { csharp = Settings } });
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task<OpenDocument> OpenAsync(string relativePath)
    {
        var path = Path.Combine(_root, relativePath);
        var document = new OpenDocument(new Uri(path), await File.ReadAllTextAsync(path));
        await _client.NotifyAsync("textDocument/didOpen", new
        {
            textDocument = new { uri = document.Uri.AbsoluteUri, languageId = "csharp", version = document.Version, text = document.Text },
        });
        return document;
    }

    /// <summary>Applies an edit to the document and sends it to the server.</summary>
    public Task EditAsync(OpenDocument document, Range range, string newText) =>
        _client.NotifyAsync("textDocument/didChange", document.Edit(range, newText));

    /// <summary>The document's diagnostics (<c>textDocument/diagnostic</c>, a full report).</summary>
    public async Task<IReadOnlyList<LspDiagnostic>> DocumentDiagnosticsAsync(OpenDocument document)
    {
        var report = await _client.RequestAsync<DocumentReport?>("textDocument/diagnostic", new { textDocument = new { uri = document.Uri.AbsoluteUri } }, RequestTimeout);
        if (report?.Kind != "full")
        {
            throw _client.Failure($"expected a full document diagnostic report, got {(report is null ? "none" : $"a '{report.Kind}' one")}");
        }

        return report.Items;
    }

    /// <summary>The workspace's diagnostics (<c>workspace/diagnostic</c>, full reports), by local file path.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LspDiagnostic>>> WorkspaceDiagnosticsAsync()
    {
        var report = await _client.RequestAsync<WorkspaceReport?>("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() }, RequestTimeout);
        var byFile = new Dictionary<string, IReadOnlyList<LspDiagnostic>>(StringComparer.Ordinal);
        foreach (var file in report?.Items ?? [])
        {
            byFile[file.Uri.LocalPath] = file.Items ?? [];
        }

        return byFile;
    }

    public ValueTask DisposeAsync() => DisposeCoreAsync();

    private async ValueTask DisposeCoreAsync()
    {
        try
        {
            await _client.ShutdownAsync();
        }
        finally
        {
            _client.Dispose();
        }
    }

    private sealed record DocumentReport(string Kind, IReadOnlyList<LspDiagnostic> Items);

    private sealed record WorkspaceReport(IReadOnlyList<WorkspaceDocumentReport> Items);

    /// <summary>A file's entry in the workspace report: an "unchanged" one has no items.</summary>
    private sealed record WorkspaceDocumentReport(Uri Uri, IReadOnlyList<LspDiagnostic>? Items);

    /// <summary>
    /// Answers the server's requests: the <c>csharp</c> configuration section, progress tokens and registrations;
    /// anything else is answered "method not found".
    /// </summary>
    private sealed class ServerRequests
    {
        [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
        public object?[] Configuration(ConfigurationParams parameters) =>
            parameters.Items.Select(item => item.Section == "csharp" ? Settings : null).ToArray();

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public void CreateProgress(JsonElement parameters)
        {
        }

        [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
        public void RegisterCapability(JsonElement parameters)
        {
        }

        [JsonRpcMethod("client/unregisterCapability", UseSingleObjectParameterDeserialization = true)]
        public void UnregisterCapability(JsonElement parameters)
        {
        }
    }

    private sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

    private sealed record ConfigurationItem(string? Section);
}
