using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>
/// The tool on object-store roots: Azurite (a blob container URL) and s3rver (<c>s3://</c>), started once for the run by
/// the store tests' <see cref="StoreServers"/>, whose settings (connection string, endpoint, credentials) the tool's
/// process inherits from the environment, as it would in a pipeline.
/// </summary>
[Trait("Category", "Stores")]
[Collection(StoresCollection.Name)]
public sealed class StoreRootTests
{
    private readonly StoreServers _servers;

    public StoreRootTests(StoreServers servers)
    {
        _servers = servers;
    }

    [Theory]
    [InlineData("azure")]
    [InlineData("s3")]
    public void EveryCommandWorksOnAnObjectStoreRoot(string store)
    {
        var registryRoot = store == "azure" ? _servers.NewAzureRoot() : _servers.NewS3Root();
        var trackingRoot = store == "azure" ? _servers.NewAzureRoot() : _servers.NewS3Root();
        using var w = new Workspace(registryRoot, trackingRoot, singleWriter: store == "s3");
        Seed.Fill(w);

        var list = w.Run("models", "list", "--json");
        Assert.True(list.ExitCode == 0, list + _servers.ServerOutput);
        Assert.Equal(registryRoot, list.Json.GetProperty("root").GetString());
        Assert.Equal(new[] { "churn", "house" }, list.Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        var show = w.Run("models", "show", "house@staging", "--json");
        Assert.Equal(3, show.Json.GetProperty("version").GetInt32());
        Assert.Contains("Age", show.Output);

        var diff = w.Run("models", "diff", "house", "1", "3", "--json");
        Assert.Equal("Age", Assert.Single(diff.Json.GetProperty("schema").EnumerateArray()).GetProperty("column").GetString());

        var gate = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared>=production");
        Assert.Equal(4, gate.ExitCode);
        Assert.Contains("short by 0.02", gate.Error);
        var promote = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RMSE<=11");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Equal(3, w.Registry.GetVersion("house", ModelAliases.Production).Version);

        var pull = w.Run("models", "pull", "house@production", "-o", "model.zip", "--json");
        Assert.True(pull.ExitCode == 0, pull.ToString());
        var bytes = File.ReadAllBytes(w.PathOf("model.zip"));
        Assert.Equal(w.Registry.ReadModelFile("house", "3"), bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), pull.Json.GetProperty("sha256").GetString());
        Assert.True(File.Exists(w.PathOf("model.metadata.json")));

        var runs = w.Run("runs", "list", "house-prices", "--sort", "RSquared", "--top", "1", "--json");
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Equal("try-4", runs.Json.GetProperty("runs")[0].GetProperty("name").GetString());
        var compare = w.Run("runs", "compare", "house-prices", "--metric", "RSquared", "--json");
        Assert.Equal("try-4", compare.Json.GetProperty("best").GetProperty("name").GetString());

        var report = w.Run("report", "-o", "report.html");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("data-name=\"house\"", File.ReadAllText(w.PathOf("report.html")));

        Assert.Equal(3, w.Run("models", "show", "nothing@1").ExitCode);
        Assert.Equal(3, w.Run("models", "show", "house@9").ExitCode);
        Assert.Equal(3, w.Run("runs", "list", "nothing").ExitCode);
    }

    [Fact]
    public void PromoteRefusesToWriteToAServerThatIgnoresConditionalWrites_UnlessToldItIsTheOnlyWriter()
    {
        using var w = new Workspace(_servers.NewS3Root(), singleWriter: true);
        Seed.Fill(w);

        var refused = w.RunAsMultipleWriters("models", "promote", "house", "1", "--alias", "production");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ignores create-only writes", refused.Error);
        Assert.Equal(2, w.Registry.GetVersion("house", ModelAliases.Production).Version);

        Assert.Equal(0, w.Run("models", "promote", "house", "1", "--alias", "production").ExitCode);
        Assert.Equal(1, w.Registry.GetVersion("house", ModelAliases.Production).Version);
    }

    [Theory]
    [InlineData("azure")]
    [InlineData("s3")]
    public async Task CorruptContentInAnObjectStoreExitsWith5(string store)
    {
        var registryRoot = store == "azure" ? _servers.NewAzureRoot() : _servers.NewS3Root();
        using var w = new Workspace(registryRoot, singleWriter: store == "s3");
        Seed.Fill(w);
        var objects = ((ObjectStoreModelRegistry)w.Registry).Store;
        var zip = (await objects.ReadAsync("house/2/model.zip", default))!.Content;
        zip[zip.Length / 2] ^= 0xFF;
        await objects.PutAsync("house/2/model.zip", zip, default);
        await objects.PutAsync("house/3/metadata.json", System.Text.Encoding.UTF8.GetBytes("{ not json"), default);

        var pull = w.Run("models", "pull", "house@production", "-o", "model.zip");
        Assert.Equal(5, pull.ExitCode);
        Assert.Contains("SHA-256", pull.Error);
        Assert.False(File.Exists(w.PathOf("model.zip")));
        var show = w.Run("models", "show", "house@3");
        Assert.Equal(5, show.ExitCode);
        Assert.Contains("house/3/metadata.json", show.Error);
    }
}
