using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Azure.Storage.Blobs;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>
/// Azurite and s3rver, started once for the test run on 127.0.0.1 with free ports and temporary data folders, and
/// stopped (their process trees killed) at the end. Sets the environment the stores read their settings from
/// (<c>AZURE_STORAGE_CONNECTION_STRING</c>, <c>AWS_ENDPOINT_URL_S3</c>, AWS credentials), which child processes inherit.
/// </summary>
public sealed class StoreServers : IDisposable
{
    public const string Container = "registry";
    public const string Bucket = "registry";

    // Azurite's account and key: the emulator's published, well-known development credentials.
    private const string AzuriteAccount = "devstoreaccount1";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "mlops-store-servers-" + Guid.NewGuid().ToString("N"));
    private readonly Server _azurite;
    private readonly Server _s3rver;

    public StoreServers()
    {
        var modules = FindNodeModules();
        Directory.CreateDirectory(Path.Combine(_data, "azurite"));
        Directory.CreateDirectory(Path.Combine(_data, "s3rver"));

        var azuritePort = FreePort();
        _azurite = Server.Start(
            "azurite",
            null,
            Path.Combine(modules, "azurite", "dist", "src", "blob", "main.js"),
            new[] { "--blobHost", "127.0.0.1", "--blobPort", azuritePort.ToString(), "--location", Path.Combine(_data, "azurite"), "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--silent" },
            "127.0.0.1", azuritePort);
        var s3Port = FreePort();
        // s3rver encrypts list continuation tokens with DES, which OpenSSL 3 (Node 17+) offers only in its legacy
        // provider: without it every listing of more than 1,000 keys fails with 500.
        _s3rver = Server.Start(
            "s3rver",
            "--openssl-legacy-provider",
            Path.Combine(modules, "s3rver", "bin", "s3rver.js"),
            new[] { "--address", "127.0.0.1", "--port", s3Port.ToString(), "--directory", Path.Combine(_data, "s3rver"), "--silent", "--no-vhost-buckets", "--allow-mismatched-signatures", "--configure-bucket", Bucket },
            "127.0.0.1", s3Port);

        AzureServiceUrl = $"http://127.0.0.1:{azuritePort}/{AzuriteAccount}";
        Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING", $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount};AccountKey={AzuriteKey};BlobEndpoint={AzureServiceUrl};");
        new BlobServiceClient(Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING")).GetBlobContainerClient(Container).CreateIfNotExists();

        S3Endpoint = $"http://127.0.0.1:{s3Port}";
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", S3Endpoint);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>The emulator's service URL, <c>http://127.0.0.1:&lt;port&gt;/devstoreaccount1</c>.</summary>
    public string AzureServiceUrl { get; }

    /// <summary>What the servers printed so far (for diagnostics).</summary>
    public string ServerOutput => "azurite:\n" + _azurite.Output + "\ns3rver:\n" + _s3rver.Output;

    /// <summary>s3rver's endpoint.</summary>
    public string S3Endpoint { get; }

    /// <summary>A fresh root in the blob container, as users write it (the emulator form).</summary>
    public string NewAzureRoot() => $"{AzureServiceUrl}/{Container}/{Guid.NewGuid():N}";

    /// <summary>A fresh root in the bucket.</summary>
    public string NewS3Root() => $"s3://{Bucket}/{Guid.NewGuid():N}";

    public void Dispose()
    {
        _azurite.Dispose();
        _s3rver.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// This test project's node_modules (npm ci installs it at build): in the project folder the build recorded (a
    /// -p:MlNetVersion build runs from artifacts/), else found from the test assembly upwards; other test projects that
    /// link this file (the mlops tool's tests) find it beside them under the tests folder.
    /// </summary>
    private static string FindNodeModules()
    {
        var projectDirectory = typeof(StoreServers).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "StoreServersProjectDirectory")?.Value;
        var starts = new[] { projectDirectory, AppContext.BaseDirectory };
        foreach (var start in starts)
        {
            if (start is null)
            {
                continue;
            }

            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(directory.FullName, "node_modules"), Path.Combine(directory.FullName, "MlopsAnalyzers.Abstractions.Stores.Tests", "node_modules") })
                {
                    if (File.Exists(Path.Combine(candidate, "azurite", "package.json")) && File.Exists(Path.Combine(candidate, "s3rver", "package.json")))
                    {
                        return candidate;
                    }
                }
            }
        }

        throw new InvalidOperationException("node_modules with azurite and s3rver was not found above " + AppContext.BaseDirectory + "; build the test project (it runs npm ci) or run npm ci in tests/MlopsAnalyzers.Abstractions.Stores.Tests.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Server : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Server(Process process)
        {
            _process = process;
        }

        public static Server Start(string name, string? nodeOption, string script, string[] arguments, string host, int port)
        {
            var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (nodeOption is not null)
            {
                start.ArgumentList.Add(nodeOption);
            }

            start.ArgumentList.Add(script);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var server = new Server(new Process { StartInfo = start });
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();

            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(host, port);
                    return server;
                }
                catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !server._process.HasExited)
                {
                    Thread.Sleep(100);
                }
                catch (SocketException)
                {
                    var output = server.Output;
                    server.Dispose();
                    throw new InvalidOperationException($"{name} did not start listening on {host}:{port}: {output}");
                }
            }
        }

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

        public void Dispose()
        {
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
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StoresCollection : ICollectionFixture<StoreServers>
{
    public const string Name = "Stores";
}

/// <summary>The base of the store tests: the servers of the run.</summary>
public abstract class StoreTests
{
    protected StoreTests(StoreServers servers)
    {
        Servers = servers;
    }

    protected StoreServers Servers { get; }
}
